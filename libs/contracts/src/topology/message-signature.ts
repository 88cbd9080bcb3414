import { createHmac, timingSafeEqual } from 'node:crypto';

/** Hex HMAC-SHA256 of a message body: the `Eventline-Signature` header. */
export function signMessage(body: Uint8Array, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** Constant-time check of an `Eventline-Signature` header against the body. */
export function verifyMessageSignature(
  body: Uint8Array,
  secret: string,
  signature: string | undefined,
): boolean {
  if (!signature || !/^[0-9a-f]{64}$/.test(signature)) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}
