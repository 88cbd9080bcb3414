import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The NATS header that proves a query request came from the gateway:
 * `<expires, epoch ms>.<hex HMAC-SHA256>` (docs/queries.md, "Who may ask").
 */
export const QUERY_SIGNATURE_HEADER = 'Eventline-Query-Signature';

/**
 * How far the query service's clock may run ahead of the gateway's before a fresh request looks
 * expired. Machines synchronised by NTP differ by milliseconds; this only stops a skew that large
 * from failing every query.
 */
export const QUERY_SIGNATURE_CLOCK_SKEW_MS = 10_000;

const FORMAT = /^(\d{13,15})\.([0-9a-f]{64})$/;

/**
 * Signs one query request: the HMAC covers the subject (its base name, `query.events.list`, …),
 * the expiry and the request's JSON as sent (scope, filters, session id), so neither the scope nor
 * any filter can be changed, nor the request sent to another subject, without the secret. Returns
 * the value of {@link QUERY_SIGNATURE_HEADER}. The gateway signs with QUERY_SIGNING_SECRET.
 */
export function signQueryRequest(
  subject: string,
  request: unknown,
  secret: string,
  expiresAtMs: number,
): string {
  return `${expiresAtMs}.${mac(subject, expiresAtMs, request, secret).toString('hex')}`;
}

export type QuerySignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * Checks {@link QUERY_SIGNATURE_HEADER} of a received request, in constant time. `request` is the
 * payload as parsed: JSON.stringify gives back exactly the text the gateway signed, because
 * stringify's output parses and prints again unchanged.
 */
export function verifyQueryRequest(
  subject: string,
  request: unknown,
  header: string | undefined,
  secret: string,
  nowMs: number,
): QuerySignatureCheck {
  const match = FORMAT.exec(header ?? '');
  if (!match) return { ok: false, reason: `missing or malformed ${QUERY_SIGNATURE_HEADER} header` };
  const expiresAtMs = Number(match[1]);
  const given = Buffer.from(match[2], 'hex');
  if (!timingSafeEqual(given, mac(subject, expiresAtMs, request, secret))) {
    return { ok: false, reason: 'the request is not signed by the gateway' };
  }
  if (expiresAtMs < nowMs - QUERY_SIGNATURE_CLOCK_SKEW_MS) {
    return { ok: false, reason: 'the request has expired' };
  }
  return { ok: true };
}

function mac(subject: string, expiresAtMs: number, request: unknown, secret: string): Buffer {
  return createHmac('sha256', secret)
    .update(`eventline-query\n${subject}\n${expiresAtMs}\n`)
    .update(JSON.stringify(request) ?? '')
    .digest();
}
