import { formatEventTimestamp } from '@eventline/contracts/event/event-timestamp.js';
import { sleep } from '../http/abort-signals.js';
import { EventlineHttpError } from '../http/eventline-http.error.js';
import type { HttpTransport } from '../http/http.transport.js';
import { retryDelayMs, type RetryPolicy } from '../delivery/backoff.policy.js';
import { decideIngestResponse, errorsFromBody } from '../delivery/ingest-response.js';
import type { Page, PageOptions } from './query.types.js';

type QueryValue = string | number | Date | undefined;

/**
 * GET requests to the query routes. Queries are read-only, so network errors, 408, 429 and 5xx
 * are retried like ingestion; any other error status is thrown as an `EventlineHttpError`.
 */
export class QueryClient {
  constructor(
    private readonly transport: HttpTransport,
    private readonly retry: RetryPolicy,
  ) {}

  async page<T>(path: string, filters: Record<string, QueryValue>): Promise<Page<T>> {
    const query: Record<string, string | number | undefined> = {};
    for (const [key, value] of Object.entries(filters)) {
      query[key] = value instanceof Date ? formatEventTimestamp(value.getTime() * 1000) : value;
    }
    for (let attempt = 1; ; attempt += 1) {
      let answer;
      try {
        answer = await this.transport.send({ method: 'GET', path, query });
      } catch (error) {
        if (attempt >= this.retry.maxAttempts) {
          throw new EventlineHttpError(
            0,
            'network_error',
            error instanceof Error ? error.message : String(error),
          );
        }
        await sleep(retryDelayMs(attempt, this.retry, undefined));
        continue;
      }
      if (answer.status >= 200 && answer.status < 300) return answer.body as Page<T>;
      // The same status rules as ingestion decide what is worth retrying.
      const decision = decideIngestResponse({ ...answer, body: undefined }, 0);
      if (decision.kind === 'retry' && attempt < this.retry.maxAttempts) {
        await sleep(retryDelayMs(attempt, this.retry, decision.retryAfterMs));
        continue;
      }
      const errors = errorsFromBody(answer.body, answer.status);
      const first = errors[0];
      throw new EventlineHttpError(
        answer.status,
        first.code,
        first.message || `HTTP ${answer.status}`,
        errors,
      );
    }
  }

  /** Every item of every page, fetching the next page only when the previous one is consumed. */
  async *all<T>(
    path: string,
    filters: Record<string, QueryValue> & PageOptions,
  ): AsyncGenerator<T, void, undefined> {
    let cursor = filters.cursor;
    do {
      const page = await this.page<T>(path, { ...filters, cursor });
      yield* page.items;
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
  }
}
