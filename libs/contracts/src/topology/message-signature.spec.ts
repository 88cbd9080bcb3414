import { signMessage, verifyMessageSignature } from './message-signature.js';

describe('message signatures', () => {
  const body = new TextEncoder().encode('{"event_id":"x"}');
  const secret = 'gateway-secret';

  it('verifies a signature made with the same body and secret', () => {
    const signature = signMessage(body, secret);
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyMessageSignature(body, secret, signature)).toBe(true);
  });

  it('refuses a signature made with another secret or over another body', () => {
    const signature = signMessage(body, secret);
    expect(verifyMessageSignature(body, 'other-secret', signature)).toBe(false);
    expect(verifyMessageSignature(new TextEncoder().encode('{"event_id":"y"}'), secret, signature)).toBe(
      false,
    );
  });

  it('refuses a missing, malformed or upper-case signature without throwing', () => {
    const signature = signMessage(body, secret);
    for (const bad of [
      undefined,
      '',
      'zz',
      signature.slice(0, 62),
      signature.toUpperCase(),
      `${signature}00`,
    ]) {
      expect(verifyMessageSignature(body, secret, bad)).toBe(false);
    }
  });
});
