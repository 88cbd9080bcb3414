import { IsIn, IsNumber, Max, Min } from 'class-validator';
import { LOG_LEVEL_VALUES } from '@eventline/observability';
import { NatsConnectionConfig } from './connection.config.js';
import { withMongoUrl } from './mongo.config.js';

/** What every long-running eventline service configures the same way: NATS, MongoDB, log level. */
export class ServiceConfig extends withMongoUrl(NatsConnectionConfig) {
  /** pino's level names, or Nest's (`log` = `info`, `verbose` = `trace`). */
  @IsIn(LOG_LEVEL_VALUES)
  LOG_LEVEL: string = 'info';

  /**
   * The share of successful (2xx/3xx) HTTP requests written to the access log, 0 to 1; 4xx and
   * 5xx are always logged. A line per request cost a fifth of the gateway's CPU on single-event
   * ingest (docs/benchmarks.md); request counts and durations are in the metrics.
   */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  ACCESS_LOG_SAMPLE_RATE: number = 0.01;
}
