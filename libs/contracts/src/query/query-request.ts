/**
 * Whose events a request may see. The gateway fills it in from the caller's API key; the query
 * service applies it to every query, so a request cannot widen it through its filters.
 */
export interface QueryScope {
  /** The application bound to the key. */
  app: string;
  /** Scope `query:all`: every application's events. */
  all: boolean;
}

/**
 * The body of a request on a query subject. `params` is the caller's raw input (query string
 * object or JSON body); the query service validates it again, exactly as the gateway did.
 */
export interface QueryRequest {
  scope: QueryScope;
  params: unknown;
  /** Only for {@link QuerySubject.SessionEvents}: the session id from the path. */
  session_id?: string;
  /**
   * How long the service may work on it, in ms: `queryTimeLimitMs` of the gateway's timeout
   * (query-limits.ts). The service holds it within 1 … `QUERY_MAX_TIMEOUT_MS`.
   */
  time_limit_ms?: number;
}
