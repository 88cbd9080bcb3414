import type { DeadLetter, MessageSettlement } from '@eventline/messaging';

/** What handling one message came to (docs/contributing.md, rule 5). */
export type IngestOutcome =
  /** Its valid events are in MongoDB (some may have been already); its invalid ones are parked. */
  | { kind: 'stored'; inserted: number; duplicates: number; deadLetters: DeadLetter[] }
  /** Every event of it was already stored: a redelivery or a re-publication. */
  | { kind: 'duplicate'; duplicates: number }
  /** It can never be stored: parked on the DLQ with the reason. */
  | { kind: 'dead_letter'; letter: DeadLetter }
  /** A dependency failed; nothing of it may be assumed stored. */
  | { kind: 'retry_later'; delayMs: number; reason: string };

/** The loop's action for an outcome: ack, term (after parking) or nak. */
export function settlementFor(outcome: IngestOutcome): MessageSettlement {
  switch (outcome.kind) {
    case 'stored':
      return { kind: 'ack', deadLetters: outcome.deadLetters };
    case 'duplicate':
      return { kind: 'ack', deadLetters: [] };
    case 'dead_letter':
      return { kind: 'term', deadLetters: [outcome.letter] };
    case 'retry_later':
      return { kind: 'nak', delayMs: outcome.delayMs };
  }
}
