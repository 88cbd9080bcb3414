import { ErrorCode } from '../errors/error-code.js';
import { FieldError } from '../errors/field-error.js';
import { exceedsEventDepth } from './data-shape.check.js';

/**
 * The error of an event whose JSON is larger than `maxEventBytes`, if it is. An event nested
 * deeper than any valid one is not measured (JSON.stringify would overflow the stack on it):
 * validateEvent refuses it with the field and code of its depth.
 */
export function eventSizeError(raw: unknown, maxEventBytes: number): FieldError | undefined {
  if (exceedsEventDepth(raw)) return undefined;
  const bytes = Buffer.byteLength(JSON.stringify(raw));
  if (bytes <= maxEventBytes) return undefined;
  return {
    field: '',
    code: ErrorCode.EventTooLarge,
    message: `the event is ${bytes} bytes; at most ${maxEventBytes} are accepted`,
  };
}
