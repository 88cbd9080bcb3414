/** How large one message on `events.<category>` may grow. */
export interface MessageLimits {
  maxEventsPerMessage: number;
  maxMessageBytes: number;
}

/**
 * 100 events / 256 KiB keep a message far below NATS' default max_payload (1 MiB) while one
 * message of 100 events was measured ~10x faster to publish than 100 messages of one.
 */
export const MESSAGE_LIMITS: MessageLimits = {
  maxEventsPerMessage: 100,
  maxMessageBytes: 256 * 1024,
};
