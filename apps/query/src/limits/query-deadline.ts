import {
  QUERY_DEFAULT_TIMEOUT_MS,
  QUERY_MAX_TIMEOUT_MS,
  QueryRequest,
  queryTimeLimitMs,
} from '@eventline/contracts';
import { QueryTimeoutError } from '../errors/query-timeout.error.js';

/**
 * The time one query may take, from its request's `time_limit_ms` (the gateway's
 * `queryTimeLimitMs`), held within 1 ms … QUERY_MAX_TIMEOUT_MS so that no request can ask for
 * unbounded work; a request without one gets the default gateway timeout's limit.
 */
export class QueryDeadline {
  private constructor(
    readonly limitMs: number,
    private readonly endsAt: number,
  ) {}

  static of(request: QueryRequest | undefined, now = Date.now()): QueryDeadline {
    const asked = request?.time_limit_ms;
    const limitMs =
      typeof asked === 'number' && Number.isInteger(asked) && asked > 0
        ? Math.min(asked, queryTimeLimitMs(QUERY_MAX_TIMEOUT_MS))
        : queryTimeLimitMs(QUERY_DEFAULT_TIMEOUT_MS);
    return new QueryDeadline(limitMs, now + limitMs);
  }

  /** The time left, as the database's `maxTimeMS`: at least 1 (0 would mean "no limit"). */
  remainingMs(): number {
    return Math.max(1, this.endsAt - Date.now());
  }

  /** Fails with a timeout once the time is up: for work made of several reads. */
  throwIfPassed(): void {
    if (Date.now() >= this.endsAt) throw new QueryTimeoutError(this.limitMs);
  }

  /**
   * Passes rows on until the time is up, then fails with a timeout: a scan's later batches are
   * not covered by `maxTimeMS` on FerretDB (only the first batch is), so the scan checks itself.
   */
  async *bound<T>(rows: AsyncIterable<T>): AsyncIterable<T> {
    for await (const row of rows) {
      this.throwIfPassed();
      yield row;
    }
  }
}
