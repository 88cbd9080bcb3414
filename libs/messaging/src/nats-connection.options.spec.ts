import { natsConnectionOptions, natsSettingsFrom } from './nats-connection.options.js';

describe('natsConnectionOptions', () => {
  it('connects to every server of a comma-separated NATS_URL, under the given client name', () => {
    const options = natsConnectionOptions({
      url: 'nats://a:4222, nats://b:4222,nats://c:4222',
      name: 'eventline-test',
    });
    expect(options.servers).toEqual(['nats://a:4222', 'nats://b:4222', 'nats://c:4222']);
    expect(options.name).toBe('eventline-test');
  });

  it('reconnects forever', () => {
    expect(natsConnectionOptions({ url: 'nats://a:4222', name: 'n' }).maxReconnectAttempts).toBe(-1);
  });

  it('sets an inbox prefix only when one is given', () => {
    expect(natsConnectionOptions({ url: 'nats://a:4222', name: 'n' })).not.toHaveProperty('inboxPrefix');
    expect(
      natsConnectionOptions({ url: 'nats://a:4222', name: 'n', inboxPrefix: '_INBOX_gateway' }).inboxPrefix,
    ).toBe('_INBOX_gateway');
  });

  it('takes the servers and credentials from the configuration', () => {
    const settings = natsSettingsFrom(
      { NATS_URL: 'nats://a:4222,nats://b:4222', NATS_USER: 'u', NATS_PASS: 'p', EVENTLINE_NAMESPACE: '' },
      'eventline-gateway',
    );
    expect(natsConnectionOptions(settings)).toMatchObject({
      servers: ['nats://a:4222', 'nats://b:4222'],
      name: 'eventline-gateway',
      user: 'u',
      pass: 'p',
    });
  });
});
