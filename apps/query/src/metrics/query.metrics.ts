import { Inject, Injectable } from '@nestjs/common';
import { Histogram, Registry } from 'prom-client';
import { DURATION_SECONDS_BUCKETS, METRICS_REGISTRY, observedGauge } from '@eventline/observability';

/** The query service's metrics; names and meaning are listed in docs/operations.md. */
@Injectable()
export class QueryMetrics {
  private readonly duration: Histogram<'route' | 'outcome'>;

  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {
    this.duration = new Histogram({
      name: 'eventline_query_duration_seconds',
      help: 'Time the query service spent answering one request, by query route and outcome.',
      labelNames: ['route', 'outcome'],
      buckets: DURATION_SECONDS_BUCKETS,
      registers: [registry],
    });
  }

  /**
   * Starts timing one query; call the returned function with its outcome (`ok` or the error
   * code it answered with) once settled.
   */
  startQuery(route: string): (outcome: string) => void {
    const end = this.duration.startTimer({ route });
    return (outcome) => end({ outcome });
  }

  /** Reports the queries in hand (admitted, their database work not yet ended), read at each scrape. */
  observeInFlight(count: () => number): void {
    observedGauge(
      this.registry,
      'eventline_query_in_flight',
      'Queries this replica is working on; at most QUERY_MAX_IN_FLIGHT, the rest are shed.',
      count,
    );
  }
}
