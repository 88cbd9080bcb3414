import { eventJsonBytes, eventTooLarge } from '@eventline/contracts/event/event-size.rule.js';
import type { FieldError } from '@eventline/contracts';
import { sleep } from '../http/abort-signals.js';
import type { HttpTransport } from '../http/http.transport.js';
import type { EventPayload } from '../track/event-payload.js';
import type {
  EventResult,
  FlushReport,
  RejectedResult,
  UndeliveredReason,
  UndeliveredResult,
} from '../track/event-result.js';
import { retryDelayMs, type RetryPolicy } from './backoff.policy.js';
import { KEEPALIVE_BUDGET_BYTES, type BatchLimits } from './delivery-limits.js';
import { batchBytes, EventQueue, type QueueBounds } from './event-queue.js';
import {
  decideIngestResponse,
  isRetryableRejection,
  type IngestDecision,
  type ServerEventResult,
} from './ingest-response.js';
import { ReportTally } from './report.tally.js';

export interface EventSenderOptions {
  transport: HttpTransport;
  batch: BatchLimits;
  queue: QueueBounds;
  flushIntervalMs: number;
  retry: RetryPolicy;
  /** Told about every event that ends rejected or undelivered. */
  onFailure: (result: RejectedResult | UndeliveredResult) => void;
  random?: () => number;
}

interface PendingEvent {
  readonly payload: EventPayload;
  readonly json: string;
  readonly bytes: number;
  readonly done: Promise<EventResult>;
  settle(result: EventResult): void;
}

/** A batch's request body, built once so that every retry sends the very same bytes. */
interface RequestBody {
  json: string;
  bytes: number;
}

/** Events an attempt left unsettled, to send again after a back-off. */
interface Retry {
  batch: PendingEvent[];
  retryAfterMs: number | undefined;
  /** Why, for the undelivered result if no attempt is left. */
  message: string;
}

export type Enqueued = { queued: true; done: Promise<EventResult> } | { queued: false; result: EventResult };

const EVENTS_PATH = '/v1/events';

/**
 * Queues events, sends them in batches one request at a time (a full batch at once, a partial
 * one after the flush interval or on demand), retries what may succeed later with the same bytes
 * — hence the same event ids, which the server de-duplicates — and settles every event exactly
 * once with its outcome.
 */
export class EventSender {
  private readonly queue: EventQueue<PendingEvent>;
  private readonly pending = new Set<PendingEvent>();
  private readonly tally: ReportTally;
  private readonly stopped = new AbortController();
  private readonly random: () => number;
  private held = { events: 0, bytes: 0 };
  private running = false;
  private flushDemand = 0;
  private intervalDue = false;
  private closing = false;
  private pageHidden = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: EventSenderOptions) {
    this.queue = new EventQueue(options.queue);
    this.tally = new ReportTally(options.queue.maxEvents);
    this.random = options.random ?? Math.random;
  }

  /** Events not yet settled: queued or being sent. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /**
   * Adds an event to the queue, or settles it at once when it can never be sent: too large for
   * the server, the queue full, or the sender closed.
   * @param urgent send without waiting for the batch to fill or the interval (the caller awaits the ack)
   */
  enqueue(payload: EventPayload, urgent: boolean): Enqueued {
    const json = JSON.stringify(payload);
    const tooLarge = eventTooLarge(json);
    if (tooLarge) return { queued: false, result: this.report(rejected(payload, -1, [tooLarge])) };
    if (this.closing) {
      return { queued: false, result: this.report(undelivered(payload, 'closed', 'the client is closed')) };
    }
    let settle!: (result: EventResult) => void;
    const done = new Promise<EventResult>((resolve) => (settle = resolve));
    const entry: PendingEvent = { payload, json, bytes: eventJsonBytes(json), done, settle };
    if (!this.queue.offer(entry, this.held)) {
      const message = `the queue holds its maximum (${this.options.queue.maxEvents} events / ${this.options.queue.maxBytes} bytes)`;
      return { queued: false, result: this.report(undelivered(payload, 'queue_full', message)) };
    }
    this.pending.add(entry);
    if (urgent) {
      this.flushDemand += 1;
      void done.then(() => (this.flushDemand -= 1));
      // A microtask later, so that events tracked in the same tick travel in one request.
      queueMicrotask(() => this.kick());
    } else if (this.queue.fillsBatch(this.options.batch)) {
      this.kick();
    } else {
      this.armTimer();
    }
    return { queued: true, done };
  }

  /**
   * Sends everything pending now and, once each of those events has its outcome, reports every
   * outcome since the previous report.
   */
  async flush(): Promise<FlushReport> {
    const waiting = [...this.pending];
    if (waiting.length === 0) return this.tally.take();
    this.flushDemand += 1;
    try {
      this.kick();
      await Promise.all(waiting.map((e) => e.done));
      return this.tally.take();
    } finally {
      this.flushDemand -= 1;
    }
  }

  /**
   * Refuses new events, sends what is pending, and after `timeoutMs` gives up on whatever the
   * server has not confirmed, reporting it as undelivered (`timeout`).
   */
  async close(timeoutMs: number): Promise<FlushReport> {
    this.closing = true;
    this.clearTimer();
    const waiting = [...this.pending];
    this.kick();
    const deadline = setTimeout(() => this.abandon(), timeoutMs);
    try {
      await Promise.all(waiting.map((e) => e.done));
      return this.tally.take();
    } finally {
      clearTimeout(deadline);
    }
  }

  /**
   * The page is being hidden (maybe for good): send what is queued now, as `keepalive` requests
   * small enough for the browser's keepalive budget, so they outlive the page.
   */
  setPageHidden(hidden: boolean): void {
    this.pageHidden = hidden;
    if (hidden) this.kick();
  }

  private kick(): void {
    if (!this.running) void this.run();
  }

  private wantsToSend(): boolean {
    if (this.queue.length === 0) return false;
    return (
      this.closing ||
      this.pageHidden ||
      this.intervalDue ||
      this.flushDemand > 0 ||
      this.queue.fillsBatch(this.options.batch)
    );
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (!this.stopped.signal.aborted && this.wantsToSend()) {
        const keepalive = this.pageHidden;
        const limits = keepalive
          ? { ...this.options.batch, maxBytes: Math.min(this.options.batch.maxBytes, KEEPALIVE_BUDGET_BYTES) }
          : this.options.batch;
        const batch = this.queue.takeBatch(limits);
        const bytes = batch.reduce((sum, e) => sum + e.bytes, 0);
        this.held = { events: this.held.events + batch.length, bytes: this.held.bytes + bytes };
        try {
          await this.deliver(batch);
        } finally {
          this.held = { events: this.held.events - batch.length, bytes: this.held.bytes - bytes };
        }
      }
      if (this.queue.length === 0) this.intervalDue = false;
    } finally {
      this.running = false;
    }
    if (!this.stopped.signal.aborted) this.armTimer();
  }

  /**
   * Sends one batch until every event in it is settled: each attempt posts it, settles what the
   * answer decides, and after a back-off sends the rest again.
   */
  private async deliver(initial: PendingEvent[]): Promise<void> {
    let batch = initial;
    let body = requestBody(batch);
    for (let attempt = 1; ; attempt += 1) {
      const decision = await this.post(batch, body);
      if (decision === undefined) return;
      const retry = await this.settleOrRetry(batch, decision);
      if (retry === undefined) return;
      if (retry.batch !== batch) {
        // Rebuilt only when the batch shrank; otherwise a retry sends the very same bytes.
        batch = retry.batch;
        body = requestBody(batch);
      }
      if (!(await this.waitToRetry(retry, attempt))) return;
    }
  }

  /**
   * One attempt: the gateway's answer as a decision (a network failure is one to retry), or
   * undefined when `close()` gave up meanwhile, with the batch settled as undelivered.
   */
  private async post(batch: PendingEvent[], body: RequestBody): Promise<IngestDecision | undefined> {
    try {
      const answer = await this.options.transport.send({
        method: 'POST',
        path: EVENTS_PATH,
        body: body.json,
        signal: this.stopped.signal,
        keepalive: this.pageHidden && body.bytes <= KEEPALIVE_BUDGET_BYTES,
      });
      return decideIngestResponse(answer, batch.length);
    } catch (error) {
      if (this.stopped.signal.aborted) {
        this.settleUndelivered(batch, 'timeout', describe(error));
        return undefined;
      }
      return { kind: 'retry', retryAfterMs: undefined, message: describe(error) };
    }
  }

  /** Settles the events the decision is final for; returns what is left to retry, if anything. */
  private async settleOrRetry(batch: PendingEvent[], decision: IngestDecision): Promise<Retry | undefined> {
    switch (decision.kind) {
      case 'results': {
        const unconfirmed = this.settleResults(batch, decision.results);
        if (unconfirmed.length === 0) return undefined;
        return {
          batch: unconfirmed,
          retryAfterMs: undefined,
          message: 'the broker did not confirm some events',
        };
      }
      case 'reject':
        batch.forEach((entry, index) => this.settle(entry, rejected(entry.payload, index, decision.errors)));
        return undefined;
      case 'split':
        await this.split(batch, decision.errors);
        return undefined;
      case 'retry':
        return { batch, retryAfterMs: decision.retryAfterMs, message: decision.message };
    }
  }

  /** Settles each event the gateway judged; returns those only the broker failed to confirm. */
  private settleResults(batch: PendingEvent[], results: ServerEventResult[]): PendingEvent[] {
    const unconfirmed: PendingEvent[] = [];
    for (const result of results) {
      const entry = batch[result.index];
      if (!entry) continue;
      if (result.status !== 'rejected') {
        this.settle(entry, {
          status: result.status,
          event_id: entry.payload.event_id,
          index: result.index,
          errors: [],
          event: entry.payload,
        });
      } else if (isRetryableRejection(result.errors)) {
        unconfirmed.push(entry);
      } else {
        this.settle(entry, rejected(entry.payload, result.index, result.errors));
      }
    }
    return unconfirmed;
  }

  /** The body was too large for this gateway's configured limit, lower than the default: halve until batches fit. */
  private async split(batch: PendingEvent[], errors: FieldError[]): Promise<void> {
    if (batch.length === 1) return this.settle(batch[0], rejected(batch[0].payload, 0, errors));
    const half = Math.ceil(batch.length / 2);
    await this.deliver(batch.slice(0, half));
    await this.deliver(batch.slice(half));
  }

  /**
   * Waits out the back-off before the next attempt. False when there is none: the attempts are
   * used up, or `close()` gave up meanwhile; the batch is then settled as undelivered.
   */
  private async waitToRetry({ batch, retryAfterMs, message }: Retry, attempt: number): Promise<boolean> {
    if (attempt >= this.options.retry.maxAttempts) {
      this.settleUndelivered(batch, 'retries_exhausted', `${attempt} attempts; last: ${message}`);
      return false;
    }
    try {
      await sleep(
        retryDelayMs(attempt, this.options.retry, retryAfterMs, this.random()),
        this.stopped.signal,
      );
      return true;
    } catch {
      this.settleUndelivered(batch, 'timeout', `gave up while waiting to retry; last: ${message}`);
      return false;
    }
  }

  /** Close ran out of time: stop sending, and settle everything still pending. */
  private abandon(): void {
    this.stopped.abort(new Error('close() timed out'));
    this.clearTimer();
    this.settleUndelivered(this.queue.drain(), 'timeout', 'close() timed out before the event was sent');
  }

  private settleUndelivered(entries: PendingEvent[], reason: UndeliveredReason, message: string): void {
    for (const entry of entries) this.settle(entry, undelivered(entry.payload, reason, message));
  }

  private settle(entry: PendingEvent, result: EventResult): void {
    if (!this.pending.delete(entry)) return;
    entry.settle(this.report(result));
  }

  /** Every event's outcome passes here exactly once: counted for the next report, failures told. */
  private report<R extends EventResult>(result: R): R {
    this.tally.add(result);
    if (result.status === 'rejected' || result.status === 'undelivered') {
      try {
        this.options.onFailure(result);
      } catch {
        // A throwing callback must not break delivery of the other events.
      }
    }
    return result;
  }

  private armTimer(): void {
    if (this.timer !== undefined || this.queue.length === 0 || this.closing) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.intervalDue = true;
      this.kick();
    }, this.options.flushIntervalMs);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function requestBody(batch: PendingEvent[]): RequestBody {
  return {
    json: `[${batch.map((e) => e.json).join(',')}]`,
    bytes: batchBytes(
      batch.reduce((sum, e) => sum + e.bytes, 0),
      batch.length,
    ),
  };
}

function rejected(payload: EventPayload, index: number, errors: FieldError[]): RejectedResult {
  return { status: 'rejected', event_id: payload.event_id, index, errors, event: payload };
}

function undelivered(payload: EventPayload, reason: UndeliveredReason, message: string): UndeliveredResult {
  return {
    status: 'undelivered',
    event_id: payload.event_id,
    index: -1,
    reason,
    message,
    errors: [],
    event: payload,
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
