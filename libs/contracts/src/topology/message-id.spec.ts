import { messageIdFor } from './message-id.js';
import { signMessage } from './message-signature.js';

describe('messageIdFor', () => {
  const body = new TextEncoder().encode('{"event_id":"0190f3a1-2b3c-7d4e-8f60-000000000001"}');

  it('is the same for the same body signed with the same secret, so a retry is de-duplicated', () => {
    expect(messageIdFor(signMessage(body, 'secret-a-0123456789'))).toBe(
      messageIdFor(signMessage(body, 'secret-a-0123456789')),
    );
  });

  it('differs for another secret, so no other publisher can produce it', () => {
    expect(messageIdFor(signMessage(body, 'secret-a-0123456789'))).not.toBe(
      messageIdFor(signMessage(body, 'secret-b-0123456789')),
    );
  });

  it('is not the event id, nor anything computed from the body alone', () => {
    const id = messageIdFor(signMessage(body, 'secret-a-0123456789'));
    expect(id).not.toContain('0190f3a1');
    expect(id).toMatch(/^[0-9a-f]{64}$/);
  });
});
