import { loadConfig } from '@eventline/config';
import { QueryConfig } from './query.config.js';

describe('QueryConfig', () => {
  it("defaults HEALTH_PORT to 3002, beside the ingestor's 3001, so both run on one machine", () => {
    const config = loadConfig(QueryConfig, {
      QUERY_CURSOR_SECRET: 'query-cursor-secret-0123',
      QUERY_SIGNING_SECRET: 'query-signing-secret-0123',
    });
    expect(config.HEALTH_PORT).toBe(3002);
  });

  it('still takes HEALTH_PORT from the environment', () => {
    const config = loadConfig(QueryConfig, {
      QUERY_CURSOR_SECRET: 'query-cursor-secret-0123',
      QUERY_SIGNING_SECRET: 'query-signing-secret-0123',
      HEALTH_PORT: '9100',
    });
    expect(config.HEALTH_PORT).toBe(9100);
  });
});
