import { ErrorCode } from '../errors/error-code.js';
import { FieldError } from '../errors/field-error.js';

/**
 * What the query service replies instead of a page when it cannot answer. `kind` tells the
 * gateway the HTTP status without a table of codes: validation 400, not_found 404,
 * unavailable and busy 503, timeout 504, internal 500 (and unauthenticated, which only a forged
 * request receives).
 */
export interface QueryErrorReply {
  kind: QueryErrorKind;
  code: ErrorCode;
  message: string;
  /** Present for `validation`: one entry per bad field. */
  errors?: FieldError[];
  /**
   * Present for `internal`: the id the query service logged the fault under (once, with the
   * correlation id). The gateway answers with this id instead of logging the failure again.
   */
  error_id?: string;
}

export const QueryErrorKind = {
  Validation: 'validation',
  NotFound: 'not_found',
  Unavailable: 'unavailable',
  /** The request was not signed by the gateway (docs/queries.md, "Who may ask"): no data. */
  Unauthenticated: 'unauthenticated',
  /** The replica has as many queries in hand as it may: shed at once (503 `query_busy`). */
  Busy: 'busy',
  /** The query ran out of its time limit (504 `query_timeout`). */
  Timeout: 'timeout',
  Internal: 'internal',
} as const;

export type QueryErrorKind = (typeof QueryErrorKind)[keyof typeof QueryErrorKind];

const KINDS = new Set<string>(Object.values(QueryErrorKind));

/** True when an error that came back over NATS is one of ours (and not a transport failure). */
export function isQueryErrorReply(value: unknown): value is QueryErrorReply {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.kind === 'string' && KINDS.has(candidate.kind) && typeof candidate.code === 'string'
  );
}
