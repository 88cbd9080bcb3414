import {
  QUERY_SIGNATURE_CLOCK_SKEW_MS,
  signQueryRequest,
  verifyQueryRequest,
} from './query-request.signature.js';

const SECRET = 'query-signing-secret-0123';
const NOW = Date.UTC(2026, 0, 1);
const request = { scope: { app: 'shop', all: false }, params: { limit: '10' } };
const subject = 'query.events.list';

/** The request as the query service sees it: parsed from the JSON the gateway sent. */
const received = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('query request signatures', () => {
  it('accepts the request the gateway signed, as parsed on the other side', () => {
    const header = signQueryRequest(subject, request, SECRET, NOW + 5000);
    expect(header).toMatch(/^\d{13}\.[0-9a-f]{64}$/);
    expect(verifyQueryRequest(subject, received(request), header, SECRET, NOW)).toEqual({ ok: true });
  });

  it('refuses a widened scope, a changed filter, another subject or another secret', () => {
    const header = signQueryRequest(subject, request, SECRET, NOW + 5000);
    const widened = { ...request, scope: { app: 'shop', all: true } };
    const otherFilter = { ...request, params: { limit: '10', name: 'blog' } };
    expect(verifyQueryRequest(subject, widened, header, SECRET, NOW).ok).toBe(false);
    expect(verifyQueryRequest(subject, otherFilter, header, SECRET, NOW).ok).toBe(false);
    expect(verifyQueryRequest('query.sessions.list', request, header, SECRET, NOW).ok).toBe(false);
    expect(verifyQueryRequest(subject, request, header, `${SECRET}x`, NOW).ok).toBe(false);
  });

  it('refuses a missing or malformed header, and a forged expiry', () => {
    const header = signQueryRequest(subject, request, SECRET, NOW + 5000);
    for (const bad of [undefined, '', 'x', header.toUpperCase(), `${header}0`, header.split('.')[1]]) {
      expect(verifyQueryRequest(subject, request, bad, SECRET, NOW)).toMatchObject({ ok: false });
    }
    const laterExpiry = header.replace(/^\d+/, String(NOW + 3_600_000));
    expect(verifyQueryRequest(subject, request, laterExpiry, SECRET, NOW).ok).toBe(false);
  });

  it('refuses a request past its expiry and the allowed clock skew, so a copy cannot be replayed later', () => {
    const header = signQueryRequest(subject, request, SECRET, NOW);
    expect(verifyQueryRequest(subject, request, header, SECRET, NOW + QUERY_SIGNATURE_CLOCK_SKEW_MS).ok).toBe(
      true,
    );
    expect(
      verifyQueryRequest(subject, request, header, SECRET, NOW + QUERY_SIGNATURE_CLOCK_SKEW_MS + 1),
    ).toEqual({ ok: false, reason: 'the request has expired' });
  });
});
