import { IsInt, Max, Min } from 'class-validator';
import { ServiceConfig } from './service.config.js';

/**
 * The services events pass through on their way into storage: both provision the streams when
 * missing and both check an event's timestamp, so they must agree on these.
 */
export class IngestPathConfig extends ServiceConfig {
  /** Replicas of the streams a service creates when they are missing: 1 on one server, 3 in an R3 cluster. */
  @IsInt()
  @Min(1)
  @Max(5)
  STREAM_REPLICAS: number = 1;

  /** How far in the future an event's timestamp may lie (producers' clock skew). */
  @IsInt()
  @Min(0)
  MAX_FUTURE_SKEW_MS: number = 24 * 3_600_000;
}
