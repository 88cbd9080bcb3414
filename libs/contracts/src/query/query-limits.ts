/** Page size when a request names none, and the most one page may hold (docs/api.md, "Queries"). */
export const QUERY_DEFAULT_LIMIT = 100;
export const QUERY_MAX_LIMIT = 1000;

/**
 * The most a query's JSON body (`POST /v1/events/query`, or `GET /v1/events`) may hold: its
 * fields (ids, names, times, a cursor) fit in under a kilobyte; the rest is room for whitespace.
 */
export const QUERY_MAX_BODY_BYTES = 16 * 1024;

/** A cursor is a few dozen bytes; anything far longer is refused before it is even decoded. */
export const QUERY_CURSOR_MAX_LENGTH = 512;

/** Cursors are `<base64url payload>.<base64url signature>`. */
export const QUERY_CURSOR_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export const QUERY_ORDERS = ['asc', 'desc'] as const;
export type QueryOrder = (typeof QUERY_ORDERS)[number];

/**
 * Orders of the sessions list: `session_id` (the default, so that clients and cursors of before
 * `order` existed keep working) or `recent`, newest last activity first (docs/queries.md).
 */
export const SESSIONS_ORDERS = ['session_id', 'recent'] as const;
export type SessionsOrder = (typeof SESSIONS_ORDERS)[number];

/** How long the gateway waits for a query's answer by default, and at most (QUERY_TIMEOUT_MS). */
export const QUERY_DEFAULT_TIMEOUT_MS = 5_000;
export const QUERY_MAX_TIMEOUT_MS = 60_000;

// What the answer needs to travel back over NATS and be sent: at most this, a fifth of short timeouts.
const QUERY_REPLY_MARGIN_MS = 500;

/**
 * How long the query service may work on a query that the gateway waits `queryTimeoutMs` for:
 * the database's `maxTimeMS` and the service's own deadline. Shorter than the gateway's wait, so
 * the database stops and the service answers before the gateway gives up. The one definition of
 * that relation: the gateway sends it with each request (`QueryRequest.time_limit_ms`).
 */
export function queryTimeLimitMs(queryTimeoutMs: number): number {
  return queryTimeoutMs - Math.min(QUERY_REPLY_MARGIN_MS, Math.floor(queryTimeoutMs / 5));
}
