import { ConfigValidationError, loadConfig } from '@eventline/config';
import { GatewayConfig } from './gateway.config.js';

const REQUIRED = {
  GATEWAY_SIGNING_SECRET: 'gateway-secret-0123456789',
  QUERY_SIGNING_SECRET: 'query-secret-0123456789',
};

describe('GatewayConfig: the live route’s publishers', () => {
  it('trusts only the gateway itself without PUBLISHER_SECRETS', () => {
    expect([...loadConfig(GatewayConfig, REQUIRED).livePublishers()]).toEqual([
      ['eventline-gateway', 'gateway-secret-0123456789'],
    ]);
  });

  it("trusts the ingestor's publishers too when given its PUBLISHER_SECRETS", () => {
    const config = loadConfig(GatewayConfig, {
      ...REQUIRED,
      PUBLISHER_SECRETS: JSON.stringify({
        'eventline-gateway': 'gateway-secret-0123456789',
        billing: 'billing-secret-0123456789',
      }),
    });
    expect(Object.fromEntries(config.livePublishers())).toEqual({
      'eventline-gateway': 'gateway-secret-0123456789',
      billing: 'billing-secret-0123456789',
    });
  });

  it('refuses PUBLISHER_SECRETS naming the gateway with another secret than GATEWAY_SIGNING_SECRET', () => {
    const config = loadConfig(GatewayConfig, {
      ...REQUIRED,
      PUBLISHER_SECRETS: JSON.stringify({ 'eventline-gateway': 'some-other-secret-0123' }),
    });
    expect(() => config.livePublishers()).toThrow(ConfigValidationError);
    expect(() => config.livePublishers()).toThrow(/GATEWAY_SIGNING_SECRET/);
  });
});

describe('GatewayConfig: INGEST_BYTES_IN_FLIGHT', () => {
  it('defaults to 16 MiB and takes any value from BODY_LIMIT_BYTES up', () => {
    expect(loadConfig(GatewayConfig, REQUIRED).INGEST_BYTES_IN_FLIGHT).toBe(16 * 1024 * 1024);
    const config = loadConfig(GatewayConfig, {
      ...REQUIRED,
      BODY_LIMIT_BYTES: '65536',
      INGEST_BYTES_IN_FLIGHT: '65536',
    });
    expect(config.INGEST_BYTES_IN_FLIGHT).toBe(65_536);
  });

  it.each([
    ['below the default body limit', { INGEST_BYTES_IN_FLIGHT: '1048575' }],
    ['below a raised body limit', { BODY_LIMIT_BYTES: '4194304', INGEST_BYTES_IN_FLIGHT: '2097152' }],
    ['not a number', { INGEST_BYTES_IN_FLIGHT: 'lots' }],
  ])('refuses a value %s, naming the variable', (_case, env) => {
    expect(() => loadConfig(GatewayConfig, { ...REQUIRED, ...env })).toThrow(/INGEST_BYTES_IN_FLIGHT/);
  });
});
