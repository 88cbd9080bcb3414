import { QUERY_DEFAULT_TIMEOUT_MS, QUERY_MAX_TIMEOUT_MS, queryTimeLimitMs } from '@eventline/contracts';
import { QueryTimeoutError } from '../errors/query-timeout.error.js';
import { QueryDeadline } from './query-deadline.js';

const request = (time_limit_ms?: unknown) =>
  ({ scope: { app: 'shop', all: false }, params: {}, time_limit_ms }) as never;

describe('QueryDeadline', () => {
  it('takes the time limit the gateway sent, below the gateway timeout it was derived from', () => {
    const deadline = QueryDeadline.of(request(queryTimeLimitMs(2000)));
    expect(deadline.limitMs).toBe(1600);
    expect(deadline.remainingMs()).toBeLessThanOrEqual(1600);
    expect(deadline.remainingMs()).toBeGreaterThan(1500);
  });

  it('never grants more than the longest gateway timeout allows, whatever a message asks', () => {
    expect(QueryDeadline.of(request(10 * QUERY_MAX_TIMEOUT_MS)).limitMs).toBe(
      queryTimeLimitMs(QUERY_MAX_TIMEOUT_MS),
    );
  });

  it.each([undefined, 0, -5, 2.5, '4500', null])('falls back to the default limit for %j', (asked) => {
    expect(QueryDeadline.of(request(asked)).limitMs).toBe(queryTimeLimitMs(QUERY_DEFAULT_TIMEOUT_MS));
  });

  it('never hands the database 0 ms (which would mean no limit)', () => {
    const deadline = QueryDeadline.of(request(100), Date.now() - 1000);
    expect(deadline.remainingMs()).toBe(1);
  });

  it('stops a scan once its time is up', async () => {
    async function* rows() {
      yield 1;
      await new Promise((resolve) => setTimeout(resolve, 60));
      yield 2;
    }
    const seen: number[] = [];
    const scan = async () => {
      for await (const row of QueryDeadline.of(request(30)).bound(rows())) seen.push(row);
    };
    await expect(scan()).rejects.toBeInstanceOf(QueryTimeoutError);
    expect(seen).toEqual([1]);
  });
});
