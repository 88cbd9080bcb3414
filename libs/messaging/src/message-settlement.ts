/** A message delivered by a JetStream consumer, without the client library's types. */
export interface InboundMessage {
  readonly subject: string;
  readonly body: Uint8Array;
  /** Value of a header (first value), or undefined. */
  header(name: string): string | undefined;
  /** JetStream stream sequence: unique and increasing within the stream. */
  readonly streamSequence: number;
  /** When the broker stored the message. */
  readonly storedAt: Date;
  /** 1 on first delivery, counting up on every redelivery. */
  readonly deliveryCount: number;
}

/** A message that can never be handled, parked on the DLQ with the reason. */
export interface DeadLetter {
  /** The body to park: the original, or one event of it. */
  body: Uint8Array;
  /** An error code (`ErrorCode`). */
  reason: string;
  /** Human-readable detail, e.g. field errors as JSON. */
  detail: string;
  /** Headers replacing the original's (e.g. the signature of a body that is one event of many). */
  headers?: Record<string, string>;
  /** Distinguishes several letters from one message (their JetStream de-duplication key). */
  part?: number;
}

/**
 * What the consume loop does with a message once it is handled (docs/contributing.md, rule 5):
 * `ack` — done (after any dead letters were confirmed by the broker);
 * `term` — never redeliver, after its dead letters were confirmed;
 * `nak` — redeliver after `delayMs`.
 */
export type MessageSettlement =
  | { kind: 'ack'; deadLetters: readonly DeadLetter[] }
  | { kind: 'term'; deadLetters: readonly DeadLetter[] }
  | { kind: 'nak'; delayMs: number };

/** Handles one batch: returns one settlement per message, in the same order. */
export type BatchHandler = (messages: readonly InboundMessage[]) => Promise<readonly MessageSettlement[]>;
