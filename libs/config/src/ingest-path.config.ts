import { IsInt, Max, Min } from 'class-validator';
import { ServiceConfig } from './service.config.js';

const MIB = 1024 * 1024;

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

  /**
   * Bytes of not yet ingested events stream EVENTS may hold; past it publishes are refused
   * (docs/operations.md "When a stream is full"). JetStream reserves it on the server's storage.
   */
  @IsInt()
  @Min(MIB)
  EVENTS_STREAM_MAX_BYTES: number = 1024 * MIB;

  /** Bytes of dead letters stream EVENTS_DLQ may hold; past it nothing more is parked. */
  @IsInt()
  @Min(MIB)
  DLQ_STREAM_MAX_BYTES: number = 256 * MIB;

  /**
   * Deliveries of a message before it is dead-lettered (with the ingestor's back-off: ~14 min of
   * outage). Here, not in the ingestor's config: the gateway creates a missing consumer too (an
   * interest stream keeps nothing no consumer matches), and both must create the same one.
   */
  @IsInt()
  @Min(1)
  MAX_DELIVER: number = 20;

  /** How long a delivered message may stay unsettled before the broker redelivers it. */
  @IsInt()
  @Min(1_000)
  ACK_WAIT_MS: number = 30_000;

  /** How far in the future an event's timestamp may lie (producers' clock skew). */
  @IsInt()
  @Min(0)
  MAX_FUTURE_SKEW_MS: number = 24 * 3_600_000;
}
