import { natsInboxPrefix, NatsConnectionConfig } from './connection.config.js';
import { loadConfig } from './load-config.js';

describe('NATS connection settings', () => {
  it("reads replies on the NATS user's own inboxes unless NATS_INBOX_PREFIX says otherwise", () => {
    expect(natsInboxPrefix(loadConfig(NatsConnectionConfig, { NATS_USER: 'gateway' }))).toBe(
      '_INBOX_gateway',
    );
    expect(
      natsInboxPrefix(loadConfig(NatsConnectionConfig, { NATS_USER: 'gateway', NATS_INBOX_PREFIX: '_R.gw' })),
    ).toBe('_R.gw');
    expect(natsInboxPrefix(loadConfig(NatsConnectionConfig, {}))).toBeUndefined();
  });

  it('refuses an inbox prefix a subject cannot hold, naming NATS_INBOX_PREFIX', () => {
    expect(() => loadConfig(NatsConnectionConfig, { NATS_INBOX_PREFIX: '_INBOX.>' })).toThrow(
      /NATS_INBOX_PREFIX/,
    );
    expect(() => loadConfig(NatsConnectionConfig, { NATS_USER: 'app one' })).toThrow(/NATS_INBOX_PREFIX/);
    expect(
      natsInboxPrefix(
        loadConfig(NatsConnectionConfig, { NATS_USER: 'app one', NATS_INBOX_PREFIX: '_INBOX_app1' }),
      ),
    ).toBe('_INBOX_app1');
  });
});
