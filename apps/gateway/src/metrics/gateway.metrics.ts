import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';
import { ErrorCode } from '@eventline/contracts';
import {
  categoryLabel,
  DURATION_SECONDS_BUCKETS,
  METRICS_REGISTRY,
  observedGauge,
} from '@eventline/observability';

/** The gateway's metrics; names and meaning are listed in docs/operations.md. */
@Injectable()
export class GatewayMetrics {
  private readonly received: Counter<'category'>;
  private readonly accepted: Counter<'category'>;
  private readonly duplicates: Counter<'category'>;
  private readonly rejected: Counter<'category' | 'code'>;
  private readonly publishDuration: Histogram<'outcome'>;
  private readonly requestDuration: Histogram<'method' | 'route' | 'status'>;

  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {
    const registers = [registry];
    this.received = new Counter({
      name: 'eventline_gateway_events_received_total',
      help: 'Events received in POST /v1/events bodies, before validation.',
      labelNames: ['category'],
      registers,
    });
    this.accepted = new Counter({
      name: 'eventline_gateway_events_accepted_total',
      help: 'Events JetStream confirmed (PubAck) as new.',
      labelNames: ['category'],
      registers,
    });
    this.duplicates = new Counter({
      name: 'eventline_gateway_events_duplicate_total',
      help: 'Accepted events JetStream had already accepted before (a retried request).',
      labelNames: ['category'],
      registers,
    });
    this.rejected = new Counter({
      name: 'eventline_gateway_events_rejected_total',
      help: 'Events refused, by the error code returned to the client.',
      labelNames: ['category', 'code'],
      registers,
    });
    this.publishDuration = new Histogram({
      name: 'eventline_gateway_publish_duration_seconds',
      help: "Time from handing a request's valid events to JetStream until every PubAck (or a failure).",
      labelNames: ['outcome'],
      buckets: DURATION_SECONDS_BUCKETS,
      registers,
    });
    this.requestDuration = new Histogram({
      name: 'eventline_gateway_request_duration_seconds',
      help: 'HTTP request duration by route template (query routes included) and status code.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
  }

  eventsReceived(category: unknown, count = 1): void {
    this.received.inc({ category: categoryLabel(category) }, count);
  }

  eventsAccepted(category: unknown, count = 1): void {
    this.accepted.inc({ category: categoryLabel(category) }, count);
  }

  eventsDuplicate(category: unknown, count = 1): void {
    this.duplicates.inc({ category: categoryLabel(category) }, count);
  }

  eventsRejected(category: unknown, code: ErrorCode, count = 1): void {
    this.rejected.inc({ category: categoryLabel(category), code }, count);
  }

  /** Starts timing one request's publish; call the returned function with its outcome once settled. */
  startPublish(): (outcome: 'ok' | 'error') => void {
    const end = this.publishDuration.startTimer();
    return (outcome) => end({ outcome });
  }

  /** Reports how many callers the rate limiter counts, read at each scrape. */
  observeRateLimitTrackers(count: () => number): void {
    observedGauge(
      this.registry,
      'eventline_gateway_rate_limit_trackers',
      'Applications and client addresses the rate limiter currently counts (capped).',
      count,
    );
  }

  /** Reports the bytes of ingest bodies admitted and not yet answered, read at each scrape. */
  observeIngestBytesInFlight(bytes: () => number): void {
    observedGauge(
      this.registry,
      'eventline_gateway_ingest_bytes_in_flight',
      'Bytes of POST /v1/events bodies the gateway holds now (at most INGEST_BYTES_IN_FLIGHT).',
      bytes,
    );
  }

  requestCompleted(method: string, route: string, status: number, seconds: number): void {
    this.requestDuration.observe({ method, route, status: String(status) }, seconds);
  }
}
