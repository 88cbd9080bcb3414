import { ConfigValidationError, loadConfig } from './load-config.js';
import { withPublisherSecrets } from './publisher-secrets.config.js';

class Base {}
class Required extends withPublisherSecrets(Base, { required: true }) {}
class Optional extends withPublisherSecrets(Base, { required: false }) {}

const SECRETS = JSON.stringify({
  shop: 'shop-secret-0123456789',
  'eventline-gateway': 'gw-secret-0123456789',
});

describe('PUBLISHER_SECRETS', () => {
  it('reads publisher ids and secrets', () => {
    const secrets = loadConfig(Required, { PUBLISHER_SECRETS: SECRETS }).publisherSecrets();
    expect([...secrets]).toEqual([
      ['shop', 'shop-secret-0123456789'],
      ['eventline-gateway', 'gw-secret-0123456789'],
    ]);
  });

  it('is refused, named, when required and missing or empty', () => {
    for (const env of [{}, { PUBLISHER_SECRETS: '' }])
      expect(() => loadConfig(Required, env)).toThrow(/PUBLISHER_SECRETS must be a JSON object/);
  });

  it('may be left out where it is optional, and is still checked when given', () => {
    expect(loadConfig(Optional, {}).publisherSecrets().size).toBe(0);
    for (const value of ['not json', '{}', '[]', '{"shop":"short"}'])
      expect(() => loadConfig(Optional, { PUBLISHER_SECRETS: value })).toThrow(ConfigValidationError);
  });
});
