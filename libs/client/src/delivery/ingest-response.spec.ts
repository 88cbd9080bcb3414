import { describe, expect, it } from '@jest/globals';
import { decideIngestResponse, errorsFromBody, isRetryableRejection } from './ingest-response.js';

const answer = (status: number, body?: unknown, retryAfter: string | null = null) => ({
  status,
  body,
  retryAfter,
});

describe('decideIngestResponse', () => {
  it('202: every event accepted, duplicates kept apart', () => {
    const body = {
      accepted: 1,
      duplicates: 1,
      rejected: 0,
      results: [
        { index: 0, event_id: 'a', status: 'accepted' },
        { index: 1, event_id: 'b', status: 'duplicate' },
      ],
    };
    expect(decideIngestResponse(answer(202, body), 2)).toEqual({
      kind: 'results',
      results: [
        { index: 0, status: 'accepted', errors: [] },
        { index: 1, status: 'duplicate', errors: [] },
      ],
    });
  });

  it('207: per-event results with the field and code of each rejection', () => {
    const errors = [{ field: 'data.host', code: 'invalid_data', message: 'host must be a string' }];
    const body = {
      results: [
        { index: 0, status: 'accepted' },
        { index: 1, status: 'rejected', errors },
      ],
    };
    const decision = decideIngestResponse(answer(207, body), 2);
    expect(decision).toEqual({
      kind: 'results',
      results: [
        { index: 0, status: 'accepted', errors: [] },
        { index: 1, status: 'rejected', errors },
      ],
    });
  });

  it('400 with results: every event rejected on its own merits, not retried', () => {
    const errors = [{ field: 'timestamp', code: 'invalid_timestamp', message: 'bad' }];
    const decision = decideIngestResponse(
      answer(400, { results: [{ index: 0, status: 'rejected', errors }] }),
      1,
    );
    expect(decision).toEqual({ kind: 'results', results: [{ index: 0, status: 'rejected', errors }] });
  });

  it('400 without results (body not an event): the whole batch rejected with the body error', () => {
    const decision = decideIngestResponse(answer(400, { code: 'invalid_body', message: 'not JSON' }), 2);
    expect(decision).toEqual({
      kind: 'reject',
      errors: [{ field: '', code: 'invalid_body', message: 'not JSON' }],
    });
  });

  it.each([401, 403, 404, 415, 422])('%i: the whole batch refused, never retried', (status) => {
    expect(decideIngestResponse(answer(status, { code: 'x', message: 'no' }), 1).kind).toBe('reject');
  });

  it.each([408, 429, 500, 502, 503, 504])('%i: retried', (status) => {
    expect(decideIngestResponse(answer(status), 1).kind).toBe('retry');
  });

  it("429 carries Retry-After's delay to the retry", () => {
    expect(decideIngestResponse(answer(429, { code: 'rate_limited' }, '1'), 1)).toMatchObject({
      kind: 'retry',
      retryAfterMs: 1000,
    });
    const now = Date.UTC(2026, 0, 1, 0, 0, 0);
    expect(
      decideIngestResponse(answer(503, undefined, 'Thu, 01 Jan 2026 00:00:05 GMT'), 1, now),
    ).toMatchObject({
      kind: 'retry',
      retryAfterMs: 5000,
    });
  });

  it('413: the batch is split rather than rejected', () => {
    expect(
      decideIngestResponse(answer(413, { error: { code: 'too_many_events', message: 'at most 500' } }), 10),
    ).toEqual({
      kind: 'split',
      errors: [{ field: '', code: 'too_many_events', message: 'at most 500' }],
    });
  });
});

describe('isRetryableRejection', () => {
  it('is true only when every error is broker_unavailable', () => {
    const broker = { field: '', code: 'broker_unavailable' as const, message: '' };
    const invalid = { field: 'data.host', code: 'invalid_data' as const, message: '' };
    expect(isRetryableRejection([broker])).toBe(true);
    expect(isRetryableRejection([broker, invalid])).toBe(false);
    expect(isRetryableRejection([invalid])).toBe(false);
    expect(isRetryableRejection([])).toBe(false);
  });
});

describe('errorsFromBody', () => {
  it('uses the listed field errors when the body has them', () => {
    const errors = [{ field: 'limit', code: 'invalid_limit', message: 'at most 1000' }];
    expect(errorsFromBody({ code: 'invalid_parameter', message: 'bad', errors }, 400)).toEqual(errors);
  });

  it('reads the gateway\'s error body, nested under "error", with its field', () => {
    expect(errorsFromBody({ error: { code: 'forbidden', message: 'scope query missing' } }, 403)).toEqual([
      { field: '', code: 'forbidden', message: 'scope query missing' },
    ]);
    expect(
      errorsFromBody({ error: { code: 'untrusted_app', message: 'other app', field: 'name' } }, 403),
    ).toEqual([{ field: 'name', code: 'untrusted_app', message: 'other app' }]);
  });

  it('derives a code from the status when the body is not eventline JSON (a proxy page)', () => {
    expect(errorsFromBody(undefined, 401)).toEqual([
      { field: '', code: 'unauthorized', message: 'HTTP 401' },
    ]);
    expect(errorsFromBody('oops', 502)[0].code).toBe('internal_error');
  });
});
