import { ErrorCode } from '../errors/error-code.js';
import {
  validateEventsQuery,
  validateLiveEventsQuery,
  validateSessionEventsQuery,
  validateSessionsQuery,
} from './query.validator.js';

const SESSION = 'E2085BE5-9137-4E4E-80B5-F1FFDDC25423';
const CURSOR = 'eyJ2IjoxfQ.c2lnbmF0dXJl';

function errorsOf(result: { ok: true } | { ok: false; errors: { field: string; code: string }[] }) {
  return result.ok ? [] : result.errors.map(({ field, code }) => ({ field, code }));
}

describe('validateEventsQuery', () => {
  it('applies defaults when no parameter is given', () => {
    expect(validateEventsQuery(undefined)).toEqual({ ok: true, query: { order: 'asc', limit: 100 } });
  });

  it('turns query-string values into typed filters, times into epoch microseconds, ids lower-cased', () => {
    const result = validateEventsQuery({
      session_id: SESSION,
      category: 'party',
      name: 'AppName',
      start: '2021-09-26 09:15:27.243860',
      end: '2021-09-26T10:00:00Z',
      order: 'desc',
      limit: '2',
      cursor: CURSOR,
    });
    expect(result).toEqual({
      ok: true,
      query: {
        session_id: SESSION.toLowerCase(),
        category: 'party',
        name: 'AppName',
        start_us: Date.UTC(2021, 8, 26, 9, 15, 27) * 1000 + 243860,
        end_us: Date.UTC(2021, 8, 26, 10) * 1000,
        order: 'desc',
        limit: 2,
        cursor: CURSOR,
      },
    });
  });

  it('accepts a numeric limit from a JSON body', () => {
    expect(validateEventsQuery({ limit: 1000 })).toMatchObject({ ok: true, query: { limit: 1000 } });
  });

  it.each([
    ['operator object', { category: { $ne: 'x' } }, 'category', ErrorCode.InvalidParameter],
    ['operator object on name', { name: { $gt: '' } }, 'name', ErrorCode.InvalidParameter],
    ['repeated parameter (array)', { name: ['a', 'b'] }, 'name', ErrorCode.InvalidParameter],
    ['null', { start: null }, 'start', ErrorCode.InvalidParameter],
    ['repeated category', { category: ['party', 'click'] }, 'category', ErrorCode.InvalidParameter],
    ['repeated limit', { limit: ['1', '2'] }, 'limit', ErrorCode.InvalidParameter],
    ['repeated cursor', { cursor: ['a.b', 'c.d'] }, 'cursor', ErrorCode.InvalidParameter],
    [
      'bracketed key as the query string parser leaves it',
      { 'category[$ne]': 'x' },
      'category[$ne]',
      ErrorCode.UnexpectedField,
    ],
    ['unknown parameter', { sort: 'ts' }, 'sort', ErrorCode.UnexpectedField],
    ['prototype key', JSON.parse('{"__proto__": {"x": 1}}'), '__proto__', ErrorCode.UnexpectedField],
    ['non-UUID session', { session_id: 'abc' }, 'session_id', ErrorCode.InvalidSessionId],
    ['unregistered category', { category: 'nope' }, 'category', ErrorCode.UnknownCategory],
    ['empty name', { name: '' }, 'name', ErrorCode.InvalidParameter],
    ['unparseable start', { start: 'yesterday' }, 'start', ErrorCode.InvalidTimestamp],
    ['impossible calendar date', { end: '2021-02-30 00:00:00' }, 'end', ErrorCode.InvalidTimestamp],
    [
      'end beyond the exact-microsecond range',
      { end: '9999-12-31 00:00:00' },
      'end',
      ErrorCode.InvalidTimestamp,
    ],
    ['start before 1970', { start: '1000-01-01 00:00:00' }, 'start', ErrorCode.InvalidTimestamp],
    ['order other than asc/desc', { order: 'up' }, 'order', ErrorCode.InvalidParameter],
    ['limit 0', { limit: '0' }, 'limit', ErrorCode.InvalidLimit],
    ['limit above 1000', { limit: '1001' }, 'limit', ErrorCode.InvalidLimit],
    ['fractional limit', { limit: 2.5 }, 'limit', ErrorCode.InvalidLimit],
    ['non-numeric limit', { limit: 'ten' }, 'limit', ErrorCode.InvalidLimit],
    ['cursor with foreign characters', { cursor: 'abc$.def' }, 'cursor', ErrorCode.InvalidCursor],
    ['overlong cursor', { cursor: `${'a'.repeat(600)}.b` }, 'cursor', ErrorCode.InvalidCursor],
  ])('refuses %s naming the field and code', (_label, params, field, code) => {
    expect(errorsOf(validateEventsQuery(params))).toContainEqual({ field, code });
  });

  it.each(['-1', 'abc', '', '0', '1001', '2.5'])('says what a limit must be when it is %j', (limit) => {
    const result = validateEventsQuery({ limit });
    expect(result.ok ? [] : result.errors).toEqual([
      { field: 'limit', code: ErrorCode.InvalidLimit, message: 'limit must be an integer from 1 to 1000' },
    ]);
  });

  it('refuses start equal to end, and start after end, as an invalid range', () => {
    const same = validateEventsQuery({ start: '2021-09-26 09:00:00', end: '2021-09-26 09:00:00.000000' });
    const reversed = validateEventsQuery({ start: '2021-09-26 10:00:00', end: '2021-09-26 09:00:00' });
    expect(errorsOf(same)).toEqual([{ field: 'end', code: ErrorCode.InvalidRange }]);
    expect(errorsOf(reversed)).toEqual([{ field: 'end', code: ErrorCode.InvalidRange }]);
  });

  it('accepts a one-microsecond range', () => {
    expect(
      validateEventsQuery({ start: '2021-09-26 09:00:00.000000', end: '2021-09-26 09:00:00.000001' }).ok,
    ).toBe(true);
  });

  it('reports every bad field at once', () => {
    expect(errorsOf(validateEventsQuery({ limit: '0', order: 'sideways', foo: '1' }))).toEqual(
      expect.arrayContaining([
        { field: 'foo', code: ErrorCode.UnexpectedField },
        { field: 'limit', code: ErrorCode.InvalidLimit },
        { field: 'order', code: ErrorCode.InvalidParameter },
      ]),
    );
  });

  it('refuses a body that is not an object', () => {
    expect(errorsOf(validateEventsQuery([{ category: 'party' }]))).toEqual([
      { field: '', code: ErrorCode.InvalidBody },
    ]);
  });
});

describe('validateSessionEventsQuery', () => {
  it('takes the session from the path and only page parameters from the query', () => {
    expect(validateSessionEventsQuery(SESSION, { limit: '2', order: 'desc' })).toEqual({
      ok: true,
      query: { session_id: SESSION.toLowerCase(), order: 'desc', limit: 2 },
    });
    expect(errorsOf(validateSessionEventsQuery(SESSION, { category: 'party' }))).toEqual([
      { field: 'category', code: ErrorCode.UnexpectedField },
    ]);
  });

  it('refuses a path session that is not a UUID', () => {
    expect(errorsOf(validateSessionEventsQuery('not-a-uuid', {}))).toEqual([
      { field: 'session_id', code: ErrorCode.InvalidSessionId },
    ]);
  });
});

describe('validateSessionsQuery', () => {
  it('accepts grouping filters in session_id order by default, and refuses session_id, which it does not take', () => {
    expect(validateSessionsQuery({ category: 'party', limit: '5' })).toEqual({
      ok: true,
      query: { category: 'party', order: 'session_id', limit: 5 },
    });
    expect(errorsOf(validateSessionsQuery({ session_id: SESSION }))).toEqual([
      { field: 'session_id', code: ErrorCode.UnexpectedField },
    ]);
  });

  it('takes order recent or session_id, and names order when it is anything else', () => {
    expect(validateSessionsQuery({ order: 'recent' })).toEqual({
      ok: true,
      query: { order: 'recent', limit: 100 },
    });
    expect(validateSessionsQuery({ order: 'session_id' })).toMatchObject({ query: { order: 'session_id' } });
    for (const order of ['desc', 'RECENT', '', 1])
      expect(errorsOf(validateSessionsQuery({ order }))).toEqual([
        { field: 'order', code: ErrorCode.InvalidParameter },
      ]);
    expect(errorsOf(validateSessionsQuery({ order: { $ne: 'x' } }))).toEqual([
      { field: 'order', code: ErrorCode.InvalidParameter },
    ]);
  });
});

describe('validateLiveEventsQuery', () => {
  it('takes session, category and name, the session lower-cased', () => {
    expect(validateLiveEventsQuery({ session_id: SESSION, category: 'party', name: 'shop' })).toEqual({
      ok: true,
      query: { session_id: SESSION.toLowerCase(), category: 'party', name: 'shop' },
    });
    expect(validateLiveEventsQuery({})).toEqual({ ok: true, query: {} });
  });

  it('refuses a time range, paging and operator objects, and names the field', () => {
    expect(
      errorsOf(validateLiveEventsQuery({ start: '2021-09-26 09:00:00', limit: '5', category: { $ne: 'x' } })),
    ).toEqual([
      { field: 'start', code: ErrorCode.UnexpectedField },
      { field: 'limit', code: ErrorCode.UnexpectedField },
      { field: 'category', code: ErrorCode.InvalidParameter },
    ]);
    expect(errorsOf(validateLiveEventsQuery({ category: 'nope', session_id: 'x' }))).toEqual([
      { field: 'session_id', code: ErrorCode.InvalidSessionId },
      { field: 'category', code: ErrorCode.UnknownCategory },
    ]);
  });
});
