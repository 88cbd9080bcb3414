import { Injectable } from '@nestjs/common';
import { QueryMetrics } from '../metrics/query.metrics.js';
import { QueryConfig } from '../query.config.js';

/**
 * The replica's query slots: QUERY_MAX_IN_FLIGHT queries at a time. One per replica (a provider),
 * whichever handlers use it.
 */
@Injectable()
export class QueryAdmission {
  private inFlight = 0;

  constructor(
    private readonly config: QueryConfig,
    metrics: QueryMetrics,
  ) {
    metrics.observeInFlight(() => this.inFlight);
  }

  get max(): number {
    return this.config.QUERY_MAX_IN_FLIGHT;
  }

  /** Takes a slot; returns the function that frees it, or undefined when all are taken. */
  tryEnter(): (() => void) | undefined {
    if (this.inFlight >= this.max) return undefined;
    this.inFlight += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight -= 1;
    };
  }
}
