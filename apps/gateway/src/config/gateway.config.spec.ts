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
