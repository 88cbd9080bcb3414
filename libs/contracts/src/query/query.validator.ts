import { getMetadataStorage, validateSync } from 'class-validator';
import { isCategoryName } from '../categories/category.registry.js';
import { ErrorCode } from '../errors/error-code.js';
import { FieldError } from '../errors/field-error.js';
import { parseEventTimestamp } from '../event/event-timestamp.js';
import { UUID_PATTERN } from '../event/event.input.js';
import { EventsQueryInput } from './events-query.input.js';
import { LiveEventsQueryInput } from './live-events-query.input.js';
import { QUERY_DEFAULT_LIMIT } from './query-limits.js';
import { SessionEventsQueryInput } from './session-events-query.input.js';
import { SessionsQueryInput } from './sessions-query.input.js';
import { ValidEventsQuery, ValidLiveEventsQuery, ValidSessionsQuery } from './valid-query.js';

export type QueryValidationResult<T> = { ok: true; query: T } | { ok: false; errors: FieldError[] };

const FIELD_CODES: Record<string, ErrorCode> = {
  session_id: ErrorCode.InvalidSessionId,
  category: ErrorCode.UnknownCategory,
  start: ErrorCode.InvalidTimestamp,
  end: ErrorCode.InvalidTimestamp,
  limit: ErrorCode.InvalidLimit,
  cursor: ErrorCode.InvalidCursor,
};

const EVENTS_KEYS = keysOf(EventsQueryInput);
const SESSION_EVENTS_KEYS = keysOf(SessionEventsQueryInput);
const SESSIONS_KEYS = keysOf(SessionsQueryInput);
const LIVE_KEYS = keysOf(LiveEventsQueryInput);

/**
 * Validates the filters of an events list, from a query string (all values strings) or a JSON
 * body. Pure, and run twice: by the gateway (fast 400s) and by the query service, which trusts
 * no caller. Only strings and numbers pass; `{"$gt": ""}`, arrays and `null` are refused, so
 * nothing but typed scalars ever reaches the database.
 */
export function validateEventsQuery(raw: unknown): QueryValidationResult<ValidEventsQuery> {
  const checked = check(raw, EventsQueryInput, EVENTS_KEYS);
  if (!checked.ok) return checked;
  const { input, range } = checked;
  return {
    ok: true,
    query: {
      ...eventFilters(input),
      ...range,
      order: input.order ?? 'asc',
      limit: input.limit ?? QUERY_DEFAULT_LIMIT,
      ...optional('cursor', input.cursor),
    },
  };
}

/** Validates `GET /v1/sessions/{session_id}/events`: the path's session id and the page parameters. */
export function validateSessionEventsQuery(
  sessionId: unknown,
  raw: unknown,
): QueryValidationResult<ValidEventsQuery> {
  const checked = check(raw, SessionEventsQueryInput, SESSION_EVENTS_KEYS);
  const errors = checked.ok ? [] : [...checked.errors];
  if (typeof sessionId !== 'string' || !UUID_PATTERN.test(sessionId)) {
    errors.unshift({
      field: 'session_id',
      code: ErrorCode.InvalidSessionId,
      message: 'session_id must be a UUID (8-4-4-4-12 hex)',
    });
  }
  if (!checked.ok || errors.length > 0) return { ok: false, errors };
  const { input } = checked;
  return {
    ok: true,
    query: {
      session_id: (sessionId as string).toLowerCase(),
      order: input.order ?? 'asc',
      limit: input.limit ?? QUERY_DEFAULT_LIMIT,
      ...optional('cursor', input.cursor),
    },
  };
}

/** Validates the filters of the sessions list. */
export function validateSessionsQuery(raw: unknown): QueryValidationResult<ValidSessionsQuery> {
  const checked = check(raw, SessionsQueryInput, SESSIONS_KEYS);
  if (!checked.ok) return checked;
  const { input, range } = checked;
  return {
    ok: true,
    query: {
      ...optional('category', input.category),
      ...optional('name', input.name),
      ...range,
      order: input.order ?? 'session_id',
      limit: input.limit ?? QUERY_DEFAULT_LIMIT,
      ...optional('cursor', input.cursor),
    },
  };
}

/** Validates the filters of the live stream (`GET /v1/events/live`). */
export function validateLiveEventsQuery(raw: unknown): QueryValidationResult<ValidLiveEventsQuery> {
  const checked = check(raw, LiveEventsQueryInput, LIVE_KEYS);
  if (!checked.ok) return checked;
  return { ok: true, query: eventFilters(checked.input) };
}

/** The filters an events list and the live stream share, as given (the session lower-cased). */
function eventFilters(input: Partial<Omit<EventsQueryInput, 'order'>>): ValidLiveEventsQuery {
  return {
    ...optional('session_id', input.session_id?.toLowerCase()),
    ...optional('category', input.category),
    ...optional('name', input.name),
  };
}

type Checked<T> =
  { ok: true; input: T; range: { start_us?: number; end_us?: number } } | { ok: false; errors: FieldError[] };

function check<T extends Partial<Omit<EventsQueryInput, 'order'>>>(
  raw: unknown,
  inputClass: new () => T,
  allowed: ReadonlySet<string>,
): Checked<T> {
  const params = raw ?? {};
  if (typeof params !== 'object' || Array.isArray(params)) {
    return {
      ok: false,
      errors: [{ field: '', code: ErrorCode.InvalidBody, message: 'query parameters must be a JSON object' }],
    };
  }
  const errors: FieldError[] = [];
  const input = new inputClass();
  const fields = input as Record<string, unknown>;
  for (const [key, value] of Object.entries(params)) {
    if (!allowed.has(key)) {
      errors.push({ field: key, code: ErrorCode.UnexpectedField, message: `unknown parameter "${key}"` });
    } else if (typeof value !== 'string' && typeof value !== 'number') {
      // Whatever the parameter: an object (`{"$gt": …}`, `?a[x]=…`) or array (a repeated parameter).
      errors.push({
        field: key,
        code: ErrorCode.InvalidParameter,
        message: Array.isArray(value)
          ? `${key} is given more than once; give it once, as a plain string or number`
          : `${key} must be a plain string or number`,
      });
    } else {
      fields[key] = key === 'limit' ? toInteger(value) : value;
    }
  }
  const failed = new Set(errors.map((e) => e.field));
  for (const error of validateSync(input)) {
    if (failed.has(error.property)) continue;
    failed.add(error.property);
    errors.push({
      field: error.property,
      code: FIELD_CODES[error.property] ?? ErrorCode.InvalidParameter,
      message: describe(error.property, error.constraints),
    });
  }
  if (input.category !== undefined && !failed.has('category') && !isCategoryName(input.category)) {
    failed.add('category');
    errors.push({
      field: 'category',
      code: ErrorCode.UnknownCategory,
      message: `unknown category "${input.category}"`,
    });
  }
  const range: { start_us?: number; end_us?: number } = {};
  for (const bound of ['start', 'end'] as const) {
    const value = input[bound];
    if (value === undefined || failed.has(bound)) continue;
    const parsed = parseEventTimestamp(value);
    if (parsed.ok) range[bound === 'start' ? 'start_us' : 'end_us'] = parsed.epochMicros;
    else
      errors.push({ field: bound, code: ErrorCode.InvalidTimestamp, message: `${bound} ${parsed.reason}` });
  }
  if (range.start_us !== undefined && range.end_us !== undefined && range.start_us >= range.end_us) {
    errors.push({
      field: 'end',
      code: ErrorCode.InvalidRange,
      message: 'end must be later than start (start inclusive, end exclusive)',
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, input, range };
}

// Query strings carry only strings; `limit=20` becomes 20, anything else stays as sent and fails @IsInt.
function toInteger(value: string | number): string | number {
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

// class-validator's own messages start with the property name, ours (`@Matches` messages) do not.
function describe(property: string, constraints: Record<string, string> | undefined): string {
  const message = Object.values(constraints ?? {})[0] ?? 'is invalid';
  return message.startsWith(`${property} `) ? message : `${property} ${message}`;
}

// The class-validator metadata is the source of truth for which parameters a DTO declares.
function keysOf(inputClass: new () => object): ReadonlySet<string> {
  const metas = getMetadataStorage().getTargetValidationMetadatas(inputClass, '', true, false);
  return new Set(metas.map((m) => m.propertyName));
}
