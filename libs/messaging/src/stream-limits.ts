import { MESSAGE_LIMITS } from '@eventline/contracts';

/** The bounds of one stream; see docs/operations.md "When a stream is full". */
export interface StreamLimits {
  /** Bytes the stream may hold; once reached, publishes are refused (discard policy `new`). */
  maxBytes: number;
}

/** The bounds of stream EVENTS and stream EVENTS_DLQ. */
export interface TopologyLimits {
  events: StreamLimits;
  dlq: StreamLimits;
}

/** The apps' streams' bounds from their configuration (EVENTS_STREAM_MAX_BYTES, DLQ_STREAM_MAX_BYTES). */
export function topologyLimits(config: {
  EVENTS_STREAM_MAX_BYTES: number;
  DLQ_STREAM_MAX_BYTES: number;
}): TopologyLimits {
  return {
    events: { maxBytes: config.EVENTS_STREAM_MAX_BYTES },
    dlq: { maxBytes: config.DLQ_STREAM_MAX_BYTES },
  };
}

/**
 * Largest message stream EVENTS stores (headers included): twice what the contract's packing
 * produces, so that a message over the contract's limits still reaches the ingestor and is
 * dead-lettered with its reason, while anything larger is refused to its publisher.
 */
export const EVENTS_MAX_MESSAGE_BYTES = 2 * MESSAGE_LIMITS.maxMessageBytes;

/**
 * Largest dead letter: the largest original plus the headers a letter adds (the detail is cut
 * at 4 KiB), so that every message EVENTS took can be parked.
 */
export const DLQ_MAX_MESSAGE_BYTES = EVENTS_MAX_MESSAGE_BYTES + 64 * 1024;
