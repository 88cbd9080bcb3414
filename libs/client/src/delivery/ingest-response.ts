import type { FieldError } from '@eventline/contracts';
// Runtime values come from their own files so the bundle does not pull in the category validators.
import { ErrorCode } from '@eventline/contracts/errors/error-code.js';
import { errorCodeForStatus } from '@eventline/contracts/errors/error-http-status.js';
import { parseRetryAfter } from './retry-after.js';

/** One entry of the gateway's `results` array. */
export interface ServerEventResult {
  index: number;
  status: 'accepted' | 'duplicate' | 'rejected';
  errors: FieldError[];
}

/** What to do with a batch after the gateway answered. */
export type IngestDecision =
  /** The gateway judged every event: one result per event, in batch order. */
  | { kind: 'results'; results: ServerEventResult[] }
  /** Nothing was accepted, but trying again later may succeed. */
  | { kind: 'retry'; retryAfterMs: number | undefined; message: string }
  /** The body was too large for this gateway's configured limit: send smaller batches. */
  | { kind: 'split'; errors: FieldError[] }
  /** The request as a whole was refused (credentials, scope, malformed body): never retried. */
  | { kind: 'reject'; errors: FieldError[] };

export interface IngestResponse {
  status: number;
  retryAfter: string | null;
  /** The parsed JSON body, or undefined when there was none or it was not JSON. */
  body: unknown;
}

/**
 * Turns the gateway's answer to `POST /v1/events` into a decision (docs/api.md, "Ingest"): 202/207
 * and a 400 carrying per-event results are final per event; 408, 429 and 5xx are retried (503
 * means nothing was accepted, and every retry carries the same event ids, so a retry never
 * duplicates); 413 splits the batch; any other 4xx is final for the whole batch. Per-event
 * `broker_unavailable` rejections are retried by the caller (see `isRetryableRejection`).
 */
export function decideIngestResponse(
  response: IngestResponse,
  batchSize: number,
  nowMillis = Date.now(),
): IngestDecision {
  const { status } = response;
  const reported = readResults(response.body);
  if ((status >= 200 && status < 300) || (status === 400 && reported)) {
    // A 2xx with no entry for an event still means the server took the whole request.
    const byIndex = new Map((reported ?? []).map((r) => [r.index, r]));
    const results = Array.from({ length: batchSize }, (_, index): ServerEventResult => {
      const found = byIndex.get(index);
      if (found) return found;
      if (status < 300) return { index, status: 'accepted', errors: [] };
      return { index, status: 'rejected', errors: errorsFromBody(response.body, status) };
    });
    return { kind: 'results', results };
  }
  if (status === 408 || status === 429 || status >= 500) {
    return {
      kind: 'retry',
      retryAfterMs: parseRetryAfter(response.retryAfter, nowMillis),
      message: `HTTP ${status}${describe(response.body)}`,
    };
  }
  if (status === 413) return { kind: 'split', errors: errorsFromBody(response.body, status) };
  return { kind: 'reject', errors: errorsFromBody(response.body, status) };
}

function readResults(body: unknown): ServerEventResult[] | undefined {
  if (!isObject(body) || !Array.isArray(body.results)) return undefined;
  const results: ServerEventResult[] = [];
  for (const entry of body.results) {
    if (!isObject(entry) || typeof entry.index !== 'number') continue;
    const status = entry.status === 'duplicate' || entry.status === 'rejected' ? entry.status : 'accepted';
    results.push({
      index: entry.index,
      status,
      errors: status === 'rejected' ? fieldErrors(entry.errors) : [],
    });
  }
  return results;
}

/**
 * The field errors of an error body. The gateway's error body carries `code`, `message` and,
 * for validation failures, `errors`; a body that is not of that shape (a proxy's HTML page)
 * still yields one error with a code derived from the HTTP status.
 */
export function errorsFromBody(body: unknown, status: number): FieldError[] {
  const source = isObject(body) && isObject(body.error) ? body.error : body;
  if (isObject(source)) {
    const listed = fieldErrors(source.errors);
    if (listed.length > 0) return listed;
    if (typeof source.code === 'string') {
      return [
        {
          field: typeof source.field === 'string' ? source.field : '',
          code: source.code as ErrorCode,
          message: typeof source.message === 'string' ? source.message : `HTTP ${status}`,
        },
      ];
    }
  }
  return [{ field: '', code: errorCodeForStatus(status), message: `HTTP ${status}${describe(body)}` }];
}

function fieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).map((e) => ({
    field: typeof e.field === 'string' ? e.field : '',
    code: (typeof e.code === 'string' ? e.code : ErrorCode.InvalidBody) as ErrorCode,
    message: typeof e.message === 'string' ? e.message : '',
  }));
}

function describe(body: unknown): string {
  const source = isObject(body) && isObject(body.error) ? body.error : body;
  if (isObject(source) && typeof source.message === 'string') return `: ${source.message}`;
  return '';
}

/**
 * A rejection that only says the broker did not confirm the write (a 207 where some of the
 * gateway's messages were confirmed and others not): the event is safe and worth sending again.
 */
export function isRetryableRejection(errors: readonly FieldError[]): boolean {
  return errors.length > 0 && errors.every((e) => e.code === ErrorCode.BrokerUnavailable);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
