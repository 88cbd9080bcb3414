import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  eventKey,
  eventBytesTooLarge,
  FieldError,
  parsedEventTooLarge,
  PublishedEvent,
  SerializedEvent,
  serializeEvent,
  validateEvent,
  ValidEvent,
} from '@eventline/contracts';
import { EventPublisher, EventPublishOutcome } from '@eventline/messaging';
import { GatewayConfig } from '../config/gateway.config.js';
import { EventTally } from '../metrics/event-tally.js';
import { GatewayMetrics } from '../metrics/gateway.metrics.js';
import { EventResult, IngestReport } from './ingest.report.js';

export interface IngestEventsCommand {
  /** The parsed request body: one event or an array of events. */
  body: unknown;
  /** The application bound to the caller's key; every event's `name` must equal it. */
  app: string;
  correlationId?: string;
}

const BROKER_FAILED: FieldError = {
  field: '',
  code: ErrorCode.BrokerUnavailable,
  message: 'the broker did not confirm the write; this event was not accepted and is safe to retry',
};

/**
 * Validates each posted event on its own, publishes the valid ones, and reports per event (the
 * controller answers the report as 202, 207 or 400). Domain errors thrown instead of a report:
 * `untrusted_app` when no event was accepted and every one named another application;
 * `broker_unavailable` when no event was accepted because the broker did not confirm;
 * `invalid_body` / `too_many_events` when the body is not an event, holds none, or too many.
 */
@Injectable()
export class IngestEventsUseCase {
  constructor(
    private readonly config: GatewayConfig,
    @Inject(EventPublisher) private readonly publisher: Pick<EventPublisher, 'publish'>,
    @Optional() private readonly metrics?: GatewayMetrics,
  ) {}

  async execute(command: IngestEventsCommand): Promise<IngestReport> {
    const raws = this.eventsOf(command.body);
    const results: EventResult[] = new Array(raws.length);
    const toPublish: SerializedEvent[] = [];
    const publishedIndexes: number[] = [];
    const firstIndexByKey = new Map<string, number>();
    const repeats: Array<{ index: number; first: number }> = [];
    const validationOptions = {
      expectedApp: command.app,
      maxFutureSkewMs: this.config.MAX_FUTURE_SKEW_MS,
    };

    for (let index = 0; index < raws.length; index++) {
      const raw = raws[index];
      const validation = validateEvent(raw, validationOptions);
      if (!validation.ok) {
        // An invalid event has no published form: its size is that of its JSON as posted, and
        // an oversized one is reported as such alone (one nested too deep is not measured).
        const tooLarge = parsedEventTooLarge(raw, this.config.MAX_EVENT_BYTES);
        results[index] = { index, status: 'rejected', errors: tooLarge ? [tooLarge] : validation.errors };
        if (validation.event_id) results[index].event_id = validation.event_id;
        continue;
      }
      // Serialised once (a valid event is never too deep to serialise): the size rule reads the
      // JSON the message will carry (the event as published, with its event_id), and the message
      // is packed from the same bytes.
      // The message carries the timestamp as the producer wrote it (validated, so a string).
      const serialized = serializeEvent(
        toPublishedEvent(validation.event, (raw as { timestamp: string }).timestamp),
      );
      const tooLarge = eventBytesTooLarge(serialized.bytes.length, this.config.MAX_EVENT_BYTES);
      if (tooLarge) {
        results[index] = { index, status: 'rejected', errors: [tooLarge] };
        continue;
      }
      // The same event twice in one request is published once; the copy reports the first's fate.
      // Only a producer's event_id can repeat: an id the validation assigned is new.
      if (hasOwnEventId(raw)) {
        const key = eventKey(command.app, serialized.event_id);
        const first = firstIndexByKey.get(key);
        if (first !== undefined) {
          repeats.push({ index, first });
          continue;
        }
        firstIndexByKey.set(key, index);
      }
      toPublish.push(serialized);
      publishedIndexes.push(index);
    }

    const published = this.metrics?.startPublish();
    const outcomes =
      toPublish.length > 0
        ? await this.publisher.publish(toPublish, { correlationId: command.correlationId })
        : [];
    if (toPublish.length > 0) published?.(outcomes.some((o) => o.status === 'failed') ? 'error' : 'ok');
    for (let i = 0; i < outcomes.length; i++)
      results[publishedIndexes[i]] = resultOf(publishedIndexes[i], toPublish[i].event_id, outcomes[i]);
    for (const { index, first } of repeats) {
      const original = results[first];
      results[index] =
        original.status === 'rejected'
          ? { ...original, index }
          : { index, event_id: original.event_id, status: 'duplicate' };
    }
    this.count(raws, results);
    return this.reportOf(raws, command.app, results, outcomes);
  }

  /** Counts the request's events into the metrics: one increment per category and outcome, not per event. */
  private count(raws: unknown[], results: EventResult[]): void {
    const metrics = this.metrics;
    if (!metrics) return;
    const tally = new EventTally();
    for (let index = 0; index < results.length; index++) {
      const result = results[index];
      const category = (raws[index] as { category?: unknown } | null)?.category;
      tally.add(
        category,
        result.status === 'rejected' ? (result.errors[0]?.code ?? ErrorCode.InvalidBody) : result.status,
      );
    }
    tally.report(metrics);
  }

  private eventsOf(body: unknown): unknown[] {
    if (Array.isArray(body)) {
      if (body.length === 0) throw new DomainError(ErrorCode.InvalidBody, 'the array holds no events');
      if (body.length > this.config.MAX_EVENTS_PER_REQUEST) {
        throw new DomainError(
          ErrorCode.TooManyEvents,
          `the request holds ${body.length} events; at most ${this.config.MAX_EVENTS_PER_REQUEST} are accepted`,
        );
      }
      return body;
    }
    if (typeof body === 'object' && body !== null) return [body];
    throw new DomainError(ErrorCode.InvalidBody, 'the body must be an event object or an array of events');
  }

  private reportOf(
    raws: unknown[],
    app: string,
    results: EventResult[],
    outcomes: EventPublishOutcome[],
  ): IngestReport {
    const accepted = results.filter((r) => r.status === 'accepted').length;
    const duplicates = results.filter((r) => r.status === 'duplicate').length;
    const rejected = results.length - accepted - duplicates;
    if (accepted + duplicates === 0) {
      if (outcomes.some((o) => o.status === 'failed')) {
        throw new DomainError(
          ErrorCode.BrokerUnavailable,
          'the broker did not confirm the write; nothing was accepted; safe to retry',
        );
      }
      if (raws.every((raw) => namesOtherApp(raw, app))) {
        throw new DomainError(
          ErrorCode.UntrustedApp,
          'the events name an application this key does not belong to',
          'name',
        );
      }
    }
    return { accepted, duplicates, rejected, results };
  }
}

function hasOwnEventId(raw: unknown): boolean {
  const id = (raw as { event_id?: unknown }).event_id;
  return id !== undefined && id !== null;
}

function namesOtherApp(raw: unknown, app: string): boolean {
  const name = (raw as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name !== app;
}

function toPublishedEvent(event: ValidEvent, timestamp: string): PublishedEvent {
  const { event_id, session_id, category, name, data } = event;
  return { event_id, session_id, category, name, data, timestamp };
}

function resultOf(index: number, eventId: string, outcome: EventPublishOutcome): EventResult {
  if (outcome.status === 'failed')
    return { index, event_id: eventId, status: 'rejected', errors: [BROKER_FAILED] };
  return { index, event_id: eventId, status: outcome.status };
}
