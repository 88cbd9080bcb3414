import { ValidationError } from 'class-validator';
import { CategoryDefinition } from '../categories/category-definition.js';
import { declaredDataKeys, findCategory } from '../categories/category.registry.js';
import { ErrorCode } from '../errors/error-code.js';
import { FieldError } from '../errors/field-error.js';
import { dataShapeErrors, isWellFormedText } from './data-shape.check.js';
import { parseEventTimestamp } from './event-timestamp.js';
import { newEventId } from './server-event-id.js';
import { EVENT_INPUT_KEYS, EventInput } from './event.input.js';
import { INGEST_LIMITS } from './ingest-limits.js';
import { checkClassRules, ClassRulesCheck } from '../validation/class-check.compiler.js';
import { ValidEvent } from './valid-event.js';

export interface EventValidationOptions {
  /** How far in the future a timestamp may lie, in milliseconds (clock skew of producers). */
  maxFutureSkewMs: number;
  /** When set, `name` must equal it (the application bound to the caller's credential). */
  expectedApp?: string;
  /** Injected for tests; defaults to the wall clock. */
  nowMillis?: number;
}

export type EventValidationResult =
  { ok: true; event: ValidEvent } | { ok: false; errors: FieldError[]; event_id?: string };

const ENVELOPE_CODES: Record<string, ErrorCode> = {
  session_id: ErrorCode.InvalidSessionId,
  category: ErrorCode.UnknownCategory,
  name: ErrorCode.UntrustedApp,
  data: ErrorCode.InvalidData,
  timestamp: ErrorCode.InvalidTimestamp,
  event_id: ErrorCode.InvalidEventId,
};

// Keys that would reach prototypes if ever assigned; refused outright wherever they appear.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const NO_FIELDS: ReadonlySet<string> = new Set();

/**
 * Validates one raw (JSON-parsed) event against the contract. Pure: the gateway and the ingestor
 * both call it, so a publisher that bypasses the gateway meets exactly the same rules.
 *
 * Every rule is written once, below or as a decorator on the classes. It runs on every event on
 * the gateway's and the ingestor's hot paths, where `validateSync` alone capped one core at ~80k
 * events/s: so a class's decorators are first tried as predicates compiled from them
 * (`checkClassRules`), and class-validator only runs to write the errors of an invalid value.
 * `classRules` swaps that for another check of the same decorators (the unit tests pass
 * class-validator alone, to prove the compiled predicates change no answer).
 */
export function validateEvent(
  raw: unknown,
  options: EventValidationOptions,
  classRules: ClassRulesCheck = checkClassRules,
): EventValidationResult {
  if (!isPlainObject(raw)) {
    return {
      ok: false,
      errors: [{ field: '', code: ErrorCode.InvalidBody, message: 'an event must be a JSON object' }],
    };
  }
  const errors: FieldError[] = [];
  for (const key in raw) {
    if (!EVENT_INPUT_KEYS.has(key))
      errors.push({ field: key, code: ErrorCode.UnexpectedField, message: `unexpected field "${key}"` });
  }
  // The parsed object is checked as it is (only EventInput's own properties are read): no copy
  // into an instance per event, a tenth of the gateway's garbage at 100 events per request.
  const input = raw as unknown as EventInput;
  // Valid values give an empty list; skipping the loop over it is measurably faster on this hot path.
  const envelopeErrors = classRules(EventInput, raw);
  if (envelopeErrors.length > 0) for (const error of envelopeErrors) errors.push(envelopeError(error));
  // A field that broke its class rules is not checked further (one error per field); a valid
  // event, the common case, builds no set.
  const failed = errors.length === 0 ? NO_FIELDS : new Set(errors.map((e) => e.field));

  let epochMicros = 0;
  if (!failed.has('timestamp')) {
    const parsed = parseEventTimestamp(input.timestamp);
    if (!parsed.ok) {
      errors.push({
        field: 'timestamp',
        code: ErrorCode.InvalidTimestamp,
        message: `timestamp ${parsed.reason}`,
      });
    } else {
      const now = options.nowMillis ?? Date.now();
      if (parsed.epochMicros > (now + options.maxFutureSkewMs) * 1000) {
        errors.push({
          field: 'timestamp',
          code: ErrorCode.InvalidTimestamp,
          message: `timestamp is more than ${options.maxFutureSkewMs / 3_600_000} h in the future`,
        });
      }
      epochMicros = parsed.epochMicros;
    }
  }

  let data: Record<string, unknown> = {};
  if (!failed.has('category')) {
    const category = findCategory(input.category);
    if (!category) {
      errors.push({
        field: 'category',
        code: ErrorCode.UnknownCategory,
        message: `unknown category "${input.category}"`,
      });
    } else if (!failed.has('data')) {
      // Depth, encoding and exactness first: the class rules only look one level down.
      const shapeErrors = dataShapeErrors(input.data);
      if (shapeErrors.length > 0) errors.push(...shapeErrors);
      else data = validateData(category, input.data, errors, classRules);
    }
  }

  if (!failed.has('name') && !isWellFormedText(input.name)) {
    errors.push({
      field: 'name',
      code: ErrorCode.InvalidEncoding,
      message: 'name holds a lone UTF-16 surrogate, which is not text',
    });
  } else if (!failed.has('name') && options.expectedApp !== undefined && input.name !== options.expectedApp) {
    errors.push({
      field: 'name',
      code: ErrorCode.UntrustedApp,
      message: `name "${input.name}" is not the application this credential belongs to`,
    });
  }

  const eventId = failed.has('event_id') ? undefined : input.event_id;
  if (errors.length > 0) return { ok: false, errors: withinErrorLimit(errors), event_id: eventId };
  return {
    ok: true,
    event: {
      event_id: eventId ?? newEventId(),
      session_id: input.session_id.toLowerCase(),
      category: input.category,
      name: input.name,
      data,
      ts_us: epochMicros,
    },
  };
}

/**
 * Checks `data` against its category's class, adding to `errors`; returns the object to store:
 * the parsed one itself, which holds only declared keys once no error was added.
 */
function validateData(
  category: CategoryDefinition,
  raw: Record<string, unknown>,
  errors: FieldError[],
  classRules: ClassRulesCheck,
): Record<string, unknown> {
  const declaredKeys = declaredDataKeys(category);
  for (const key in raw) {
    if (FORBIDDEN_KEYS.has(key) || !declaredKeys.has(key)) {
      errors.push({
        field: `data.${key}`,
        code: ErrorCode.InvalidData,
        message: `unknown field "data.${key}"`,
      });
    }
  }
  const dataErrors = classRules(category.dataClass, raw);
  if (dataErrors.length > 0) {
    for (const error of dataErrors) {
      errors.push({
        field: `data.${error.property}`,
        code: ErrorCode.InvalidData,
        message:
          error.value === undefined
            ? `data.${error.property} is required`
            : firstMessage(error, `data.${error.property} is invalid`),
      });
    }
  }
  return raw;
}

/**
 * The first errors, and in place of the rest one entry that counts them (field and code of the
 * first left out): the answer to any event stays small, whatever it holds.
 */
function withinErrorLimit(errors: FieldError[]): FieldError[] {
  const limit = INGEST_LIMITS.maxErrorsPerEvent;
  if (errors.length <= limit) return errors;
  const omitted = errors.length - (limit - 1);
  const next = errors[limit - 1];
  return [
    ...errors.slice(0, limit - 1),
    {
      field: next.field,
      code: next.code,
      message: `${omitted} more errors, from ${next.field || 'the event'} on, are not listed (at most ${limit} per event)`,
    },
  ];
}

function envelopeError(error: ValidationError): FieldError {
  return {
    field: error.property,
    code: ENVELOPE_CODES[error.property] ?? ErrorCode.UnexpectedField,
    message:
      error.value === undefined
        ? `${error.property} is required`
        : firstMessage(error, `${error.property} is invalid`),
  };
}

function firstMessage(error: ValidationError, fallback: string): string {
  const constraints = error.constraints ?? {};
  return Object.values(constraints)[0] ?? fallback;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
