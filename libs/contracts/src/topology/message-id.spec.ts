import { messageIdFor } from './message-id.js';

describe('messageIdFor', () => {
  const a = '0190f3a1-2b3c-7d4e-8f60-000000000001';
  const b = '0190f3a1-2b3c-7d4e-8f60-000000000002';

  it('is the event id itself for a message of one event', () => {
    expect(messageIdFor([a])).toBe(a);
  });

  it('is the same digest for the same ids in the same order, so a retry is de-duplicated', () => {
    expect(messageIdFor([a, b])).toBe(messageIdFor([a, b]));
    expect(messageIdFor([a, b])).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs when the ids or their order differ', () => {
    expect(messageIdFor([a, b])).not.toBe(messageIdFor([b, a]));
    expect(messageIdFor([a, b])).not.toBe(messageIdFor([a]));
    expect(messageIdFor([a, b])).not.toBe(messageIdFor([a, b, a]));
  });
});
