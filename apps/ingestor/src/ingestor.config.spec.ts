import { ConfigValidationError, loadConfig } from '@eventline/config';
import { CATEGORY_NAMES } from '@eventline/contracts';
import { IngestorConfig } from './ingestor.config.js';

const SECRETS = JSON.stringify({ shop: 'shop-secret-0123456789' });

describe('IngestorConfig', () => {
  it('defaults to every category, majority+journal writes, batches of 500 and a 24 h skew', () => {
    const config = loadConfig(IngestorConfig, { PUBLISHER_SECRETS: SECRETS });
    expect(config.categories()).toEqual([...CATEGORY_NAMES]);
    expect(config.writeConcern()).toEqual({ w: 'majority', j: true });
    expect(config).toMatchObject({ INGEST_BATCH_SIZE: 500, MAX_FUTURE_SKEW_MS: 86_400_000 });
    // Beside the query service's 3002: both run on one machine with their defaults.
    expect(config.HEALTH_PORT).toBe(3001);
    expect(config.publisherSecrets().get('shop')).toBe('shop-secret-0123456789');
  });

  it('reads a category list, a numeric write concern and journaling off', () => {
    const config = loadConfig(IngestorConfig, {
      PUBLISHER_SECRETS: SECRETS,
      INGEST_CATEGORIES: 'party, click',
      MONGO_WRITE_CONCERN: '1',
      MONGO_JOURNAL: 'false',
    });
    expect(config.categories()).toEqual(['party', 'click']);
    expect(config.writeConcern()).toEqual({ w: 1, j: false });
  });

  it.each([
    ['INGEST_CATEGORIES', { INGEST_CATEGORIES: 'party,nope' }],
    ['PUBLISHER_SECRETS', { PUBLISHER_SECRETS: '{"shop":"short"}' }],
    ['PUBLISHER_SECRETS', { PUBLISHER_SECRETS: 'not json' }],
    ['PUBLISHER_SECRETS', { PUBLISHER_SECRETS: undefined }],
    ['MONGO_WRITE_CONCERN', { MONGO_WRITE_CONCERN: 'all' }],
    ['FETCH_EXPIRES_MS', { FETCH_EXPIRES_MS: '10' }],
  ])('names %s when its value is bad', (name, env) => {
    const load = () => loadConfig(IngestorConfig, { PUBLISHER_SECRETS: SECRETS, ...env });
    expect(load).toThrow(ConfigValidationError);
    expect(load).toThrow(new RegExp(name));
  });
});
