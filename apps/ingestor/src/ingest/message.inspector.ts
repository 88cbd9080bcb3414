import {
  decodeUtf8,
  ErrorCode,
  EventHeader,
  eventKey,
  exactNumbersReviver,
  exceedsEventDepth,
  EventTopology,
  FieldError,
  GATEWAY_PUBLISHER_ID,
  INGEST_LIMITS,
  MESSAGE_LIMITS,
  parsedEventTooLarge,
  signMessage,
  validateEvent,
  verifyMessageSignature,
} from '@eventline/contracts';
import type { DeadLetter, InboundMessage } from '@eventline/messaging';
import type { StoredEvent } from '@eventline/storage';

export interface InspectorOptions {
  topology: EventTopology;
  /** Publisher id → HMAC secret (PUBLISHER_SECRETS). */
  publisherSecrets: ReadonlyMap<string, string>;
  maxFutureSkewMs: number;
  /** Injected for tests; defaults to the wall clock. */
  now?: () => number;
}

/** What a message holds, before anything is written. */
export type Inspection =
  /** Nothing in it can ever be stored: the whole message goes to the DLQ. */
  | { kind: 'rejected'; letter: DeadLetter }
  /** Documents to store; events of it that failed validation, each as a dead letter of its own. */
  | { kind: 'accepted'; documents: StoredEvent[]; rejectedEvents: DeadLetter[] };

interface EventRejection {
  index: number;
  event_id?: string;
  errors: FieldError[];
}

/**
 * Checks a message from `events.<category>` against the message contract (docs/architecture.md,
 * "The message contract"): a known publisher's valid signature, a JSON event or array of events of the
 * subject's category, each valid by `validateEvent`, each with its `event_id` filled in (a
 * server-assigned id would differ per delivery and store the event twice). Pure: no I/O.
 *
 * A publisher other than the gateway is held to the limits of `POST /v1/events` and of the
 * contract's packing (INGEST_LIMITS, MESSAGE_LIMITS): a message of too many events or bytes is
 * parked whole, an event too large on its own. The gateway applied its own (configured) limits
 * before publishing and packs within MESSAGE_LIMITS.
 *
 * An array with some invalid events: the valid ones are stored and each invalid one is parked on
 * its own, re-signed with the publisher's secret (the message's signature was verified, so the
 * event is authentic; a letter's signature always covers its body so it can be replayed as is).
 */
export class MessageInspector {
  constructor(private readonly options: InspectorOptions) {}

  inspect(message: InboundMessage): Inspection {
    const app = message.header(EventHeader.App);
    const secret = app === undefined ? undefined : this.options.publisherSecrets.get(app);
    if (app === undefined)
      return rejected(message, ErrorCode.InvalidSignature, `no ${EventHeader.App} header`);
    if (secret === undefined)
      return rejected(message, ErrorCode.InvalidSignature, `unknown publisher "${app}"`);
    if (!verifyMessageSignature(message.body, secret, message.header(EventHeader.Signature))) {
      return rejected(
        message,
        ErrorCode.InvalidSignature,
        `signature does not match the body for publisher "${app}"`,
      );
    }

    const limited = app !== GATEWAY_PUBLISHER_ID;
    if (limited && message.body.byteLength > MESSAGE_LIMITS.maxMessageBytes) {
      return rejected(
        message,
        ErrorCode.BodyTooLarge,
        `the message is ${message.body.byteLength} bytes; at most ${MESSAGE_LIMITS.maxMessageBytes} are accepted`,
      );
    }

    // The same text rules as the gateway's body parser: invalid UTF-8 is refused, not replaced,
    // and a number JSON cannot hold exactly is kept for validateEvent to refuse.
    const text = decodeUtf8(message.body);
    if (text === undefined) return rejected(message, ErrorCode.InvalidEncoding, 'body is not valid UTF-8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text, exactNumbersReviver(text));
    } catch {
      return rejected(message, ErrorCode.InvalidBody, 'body is not JSON');
    }
    const items = Array.isArray(parsed) ? parsed : [parsed];
    if (items.length === 0) return rejected(message, ErrorCode.InvalidBody, 'empty array of events');
    if (limited && items.length > MESSAGE_LIMITS.maxEventsPerMessage) {
      return rejected(
        message,
        ErrorCode.TooManyEvents,
        `the message holds ${items.length} events; at most ${MESSAGE_LIMITS.maxEventsPerMessage} are accepted`,
      );
    }

    const category = this.options.topology.categoryOf(message.subject);
    const source = app === GATEWAY_PUBLISHER_ID ? 'http' : 'nats';
    const documents: StoredEvent[] = [];
    const rejections: EventRejection[] = [];
    items.forEach((item: unknown, index) => {
      // The same rule and measure as the gateway's: the event's JSON (one too deep to serialise
      // is not measured: validateEvent refuses its depth).
      const tooLarge = limited ? parsedEventTooLarge(item, INGEST_LIMITS.maxEventBytes) : undefined;
      if (tooLarge) {
        rejections.push({ index, event_id: eventIdOf(item), errors: [tooLarge] });
        return;
      }
      const result = validateEvent(item, {
        maxFutureSkewMs: this.options.maxFutureSkewMs,
        expectedApp: app === GATEWAY_PUBLISHER_ID ? undefined : app,
        nowMillis: this.options.now?.(),
      });
      if (!result.ok) {
        rejections.push({ index, event_id: result.event_id, errors: result.errors });
        return;
      }
      const extra = contractErrors(item, result.event.category, category);
      if (extra.length > 0) {
        rejections.push({ index, event_id: result.event.event_id, errors: extra });
        return;
      }
      const { event } = result;
      documents.push({
        _id: eventKey(event.name, event.event_id),
        event_id: event.event_id,
        session_id: event.session_id,
        category: event.category,
        name: event.name,
        data: event.data,
        ts: new Date(Math.floor(event.ts_us / 1000)),
        ts_us: event.ts_us,
        seq: message.streamSequence,
        received_at: message.storedAt,
        source,
      });
    });

    if (documents.length === 0) {
      return rejected(message, rejections[0].errors[0].code, JSON.stringify(rejections));
    }
    const rejectedEvents = rejections.map((rejection): DeadLetter => {
      // An event too deep to serialise again is parked with the whole message: replaying it
      // stores nothing twice (its neighbours are duplicates by then) and refuses it again.
      const item = items[rejection.index];
      const body = exceedsEventDepth(item) ? message.body : Buffer.from(JSON.stringify(item));
      return {
        body,
        reason: rejection.errors[0].code,
        detail: JSON.stringify([rejection]),
        headers: { [EventHeader.Signature]: signMessage(body, secret) },
        part: rejection.index + 1,
      };
    });
    return { kind: 'accepted', documents, rejectedEvents };
  }
}

function eventIdOf(item: unknown): string | undefined {
  const id = (item as { event_id?: unknown } | null)?.event_id;
  return typeof id === 'string' ? id : undefined;
}

// Rules of the message contract beyond those of an HTTP event.
function contractErrors(raw: unknown, eventCategory: string, subjectCategory: string): FieldError[] {
  const errors: FieldError[] = [];
  // Not just "present": null passes the HTTP rules as absent (the gateway then assigns an id), and
  // an id assigned here would differ on each delivery of the message, storing it again each time.
  if (typeof (raw as { event_id?: unknown }).event_id !== 'string') {
    errors.push({
      field: 'event_id',
      code: ErrorCode.InvalidEventId,
      message: 'event_id is required on messages',
    });
  }
  if (eventCategory !== subjectCategory) {
    errors.push({
      field: 'category',
      code: ErrorCode.UnknownCategory,
      message: `category "${eventCategory}" does not match the subject's category "${subjectCategory}"`,
    });
  }
  return errors;
}

function rejected(message: InboundMessage, reason: ErrorCode, detail: string): Inspection {
  return { kind: 'rejected', letter: { body: message.body, reason, detail } };
}
