import { ErrorCode } from '../errors/error-code.js';
import type { FieldError } from '../errors/field-error.js';
import { INGEST_LIMITS } from './ingest-limits.js';

// No imports beyond this folder's dependency-free files: the client package bundles this rule.
const encoder = new TextEncoder();

/** The size an event is measured by: the UTF-8 bytes of its JSON. */
export function eventJsonBytes(json: string): number {
  return encoder.encode(json).length;
}

/**
 * The one-event size rule of `POST /v1/events`, which the client and its NATS publisher apply
 * before sending: the `event_too_large` refusal of an event whose JSON exceeds `maxBytes`, or
 * undefined when it fits.
 */
export function eventTooLarge(
  json: string,
  maxBytes: number = INGEST_LIMITS.maxEventBytes,
): FieldError | undefined {
  // A UTF-16 code unit is at most 3 UTF-8 bytes, so most events are known to fit without encoding.
  if (json.length * 3 <= maxBytes) return undefined;
  return eventBytesTooLarge(eventJsonBytes(json), maxBytes);
}

/** {@link eventTooLarge} for JSON already encoded (the gateway's, `SerializedEvent.bytes`): its length. */
export function eventBytesTooLarge(
  bytes: number,
  maxBytes: number = INGEST_LIMITS.maxEventBytes,
): FieldError | undefined {
  if (bytes <= maxBytes) return undefined;
  return {
    field: '',
    code: ErrorCode.EventTooLarge,
    message: `the event is ${bytes} bytes of JSON; at most ${maxBytes} are accepted`,
  };
}
