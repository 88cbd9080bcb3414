import { randomUUID } from 'node:crypto';
import { EventlineClient, type EventResult } from '@eventline/client';

/** One HTTP request the client SDK made, as it saw it. */
export interface RequestRecord {
  path: string;
  startedAt: number;
  endedAt: number;
  /** The HTTP status, or 0 when no answer came (network error, client timeout). */
  status: number;
}

/** What a stretch of time looked like to the ingesting client. */
export interface IngestWindow {
  requests: number;
  /** Answers other than 202 (503s while the stream had no leader), and requests without answer. */
  failed: number;
  statuses: Record<number, number>;
  /**
   * The longest outage: from the start of a request that failed to the end of the next request
   * answered 202. What a client retrying through the fault waited for ingest to come back.
   */
  unavailableMs: number;
  /** The slowest request: a request the gateway held past its publish timeout would show here. */
  slowestMs: number;
  /** The answers in order, runs collapsed, with when each run began: `+0.0s 202×12, +3.1s 503×4, …`. */
  timeline: string;
}

const INGEST_PATH = '/v1/events';

/**
 * Posts events through the client SDK (`@eventline/client`) and writes down what the gateway
 * answered for each one, and when each request was made: the ledger the stored events are
 * checked against. Events are posted in batches, one request at a time (the SDK's own pacing),
 * and retried by the SDK through outages with the same event ids.
 */
export class IngestLedger {
  /** Event id → the data posted with it, for every event the gateway answered accepted/duplicate. */
  readonly confirmed = new Map<string, { status: 'accepted' | 'duplicate'; path: string }>();
  /** Events that ended without a confirmation (rejected, or undelivered after the SDK's retries). */
  readonly unconfirmed: EventResult[] = [];
  readonly requests: RequestRecord[] = [];
  readonly client: EventlineClient;
  posted = 0;

  constructor(
    gatewayUrl: string,
    apiKey: string,
    readonly app: string,
    readonly sessions: readonly string[],
  ) {
    this.client = new EventlineClient({
      url: gatewayUrl,
      apiKey,
      app,
      batchSize: 100,
      // Through a whole outage: 503s are retried with the same event ids, which is the point.
      retry: { maxAttempts: 1_000, baseDelayMs: 100, maxDelayMs: 500 },
      flushOnPageHide: false,
      onError: () => undefined,
      fetch: async (input, init) => {
        const record: RequestRecord = {
          path: new URL(input).pathname,
          startedAt: Date.now(),
          endedAt: 0,
          status: 0,
        };
        try {
          const response = await fetch(input, init);
          record.status = response.status;
          return response;
        } finally {
          record.endedAt = Date.now();
          this.requests.push(record);
        }
      },
    });
  }

  /**
   * Posts up to `events` events, `batch` at a time, a batch at most every `everyMs` (0: as fast as
   * the answers come), and stops early once `stop()` says so.
   */
  async post(options: {
    events: number;
    batch: number;
    everyMs: number;
    stop?: () => boolean;
  }): Promise<void> {
    const target = this.posted + options.events;
    while (this.posted < target && !options.stop?.()) {
      const due = Date.now() + options.everyMs;
      const size = Math.min(options.batch, target - this.posted);
      const tracked: Promise<EventResult>[] = [];
      for (let i = 0; i < size; i++) {
        const path = `/n${this.posted++}`;
        const sessionId = this.sessions[this.posted % this.sessions.length];
        // One tick: the SDK sends the whole batch as one request.
        tracked.push(
          this.client
            .track(
              'party',
              { host: 'chaos.example', path },
              { sessionId, eventId: randomUUID(), awaitAck: true },
            )
            .then((result) => this.record(result, path)),
        );
      }
      await Promise.all(tracked);
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /** The ingest requests made between two instants (ms since the epoch). */
  window(from: number, to: number): IngestWindow {
    const inside = this.requests
      .filter((r) => r.path === INGEST_PATH && r.startedAt >= from && r.startedAt < to)
      .sort((a, b) => a.startedAt - b.startedAt);
    const statuses: Record<number, number> = {};
    const runs: { status: number; count: number; at: number }[] = [];
    let outageStart: number | undefined;
    let unavailableMs = 0;
    for (const request of inside) {
      statuses[request.status] = (statuses[request.status] ?? 0) + 1;
      const run = runs.at(-1);
      if (run?.status === request.status) run.count++;
      else runs.push({ status: request.status, count: 1, at: request.startedAt });
      if (request.status !== 202) outageStart ??= request.startedAt;
      else if (outageStart !== undefined) {
        unavailableMs = Math.max(unavailableMs, request.endedAt - outageStart);
        outageStart = undefined;
      }
    }
    // Still failing when the window closed: the outage lasted at least until then.
    if (outageStart !== undefined) unavailableMs = Math.max(unavailableMs, to - outageStart);
    return {
      requests: inside.length,
      failed: inside.filter((r) => r.status !== 202).length,
      statuses,
      unavailableMs,
      slowestMs: Math.max(0, ...inside.map((r) => r.endedAt - r.startedAt)),
      timeline: runs.map((r) => `+${((r.at - from) / 1000).toFixed(1)}s ${r.status}×${r.count}`).join(', '),
    };
  }

  /** The query requests made between two instants, by HTTP status (0: no answer). */
  queryStatuses(from: number, to: number): Record<number, number> {
    const statuses: Record<number, number> = {};
    for (const r of this.requests)
      if (r.path !== INGEST_PATH && r.startedAt >= from && r.startedAt < to)
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    return statuses;
  }

  private record(result: EventResult, path: string): EventResult {
    if (result.status === 'accepted' || result.status === 'duplicate')
      this.confirmed.set(result.event_id, { status: result.status, path });
    else this.unconfirmed.push(result);
    return result;
  }
}
