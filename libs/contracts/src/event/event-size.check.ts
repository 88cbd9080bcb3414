import type { FieldError } from '../errors/field-error.js';
import { exceedsEventDepth } from './data-shape.check.js';
import { eventTooLarge } from './event-size.rule.js';

/**
 * {@link eventTooLarge} for an event as parsed from a request or message: it has to be
 * serialised to be measured, and one nested deeper than any valid event would overflow
 * JSON.stringify's stack. Such an event is not measured: validateEvent refuses it with the field
 * and code of its depth.
 */
export function parsedEventTooLarge(raw: unknown, maxEventBytes: number): FieldError | undefined {
  if (exceedsEventDepth(raw)) return undefined;
  return eventTooLarge(JSON.stringify(raw), maxEventBytes);
}
