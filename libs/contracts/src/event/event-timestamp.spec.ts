import { formatEventTimestamp, parseEventTimestamp, utcMillis } from './event-timestamp.js';

const micros = (millis: number, extra = 0) => millis * 1000 + extra;

describe('parseEventTimestamp', () => {
  it('keeps microseconds of the seed format and prints them back unchanged', () => {
    const parsed = parseEventTimestamp('2021-09-26 09:15:27.243860');
    expect(parsed).toEqual({ ok: true, epochMicros: micros(Date.UTC(2021, 8, 26, 9, 15, 27), 243860) });
    if (parsed.ok) expect(formatEventTimestamp(parsed.epochMicros)).toBe('2021-09-26 09:15:27.243860');
  });

  it('reads fewer than six fractional digits as a decimal fraction', () => {
    expect(parseEventTimestamp('2021-09-26 09:15:27.5')).toEqual({
      ok: true,
      epochMicros: micros(Date.UTC(2021, 8, 26, 9, 15, 27), 500000),
    });
  });

  it('reads ISO 8601 with Z, with an offset, and without a zone (UTC)', () => {
    const expected = { ok: true, epochMicros: micros(Date.UTC(2021, 8, 26, 9, 15, 27), 1) };
    expect(parseEventTimestamp('2021-09-26T09:15:27.000001Z')).toEqual(expected);
    expect(parseEventTimestamp('2021-09-26T09:15:27.000001')).toEqual(expected);
    expect(parseEventTimestamp('2021-09-26T14:45:27.000001+05:30')).toEqual(expected);
    expect(parseEventTimestamp('2021-09-26T05:15:27.000001-04:00')).toEqual(expected);
  });

  it('accepts 2020-02-29 and refuses 2021-02-29, 1900-02-29, and 31 April', () => {
    expect(parseEventTimestamp('2020-02-29 00:00:00').ok).toBe(true);
    expect(parseEventTimestamp('2000-02-29 00:00:00').ok).toBe(true);
    expect(parseEventTimestamp('2021-02-29 00:00:00')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/calendar/),
    });
    expect(parseEventTimestamp('1900-02-29 00:00:00').ok).toBe(false);
    expect(parseEventTimestamp('2021-04-31 00:00:00').ok).toBe(false);
    expect(parseEventTimestamp('2021-13-01 00:00:00').ok).toBe(false);
    expect(parseEventTimestamp('2021-00-01 00:00:00').ok).toBe(false);
  });

  it('refuses 24:00:00, minute 60 and leap second 60', () => {
    expect(parseEventTimestamp('2021-09-26 24:00:00').ok).toBe(false);
    expect(parseEventTimestamp('2021-09-26 23:60:00').ok).toBe(false);
    expect(parseEventTimestamp('2016-12-31 23:59:60').ok).toBe(false);
    expect(parseEventTimestamp('2016-12-31T23:59:60Z').ok).toBe(false);
  });

  it('refuses seven fractional digits', () => {
    expect(parseEventTimestamp('2021-09-26 09:15:27.2438601').ok).toBe(false);
    expect(parseEventTimestamp('2021-09-26T09:15:27.2438601Z').ok).toBe(false);
  });

  it('refuses offsets that do not exist and zones the contract does not name', () => {
    expect(parseEventTimestamp('2021-09-26T09:15:27+15:00').ok).toBe(false);
    expect(parseEventTimestamp('2021-09-26T09:15:27+05:60').ok).toBe(false);
    expect(parseEventTimestamp('2021-09-26 09:15:27Z').ok).toBe(false);
    expect(parseEventTimestamp('2021-09-26T09:15:27+0530').ok).toBe(false);
  });

  it('refuses other shapes and non-strings', () => {
    for (const value of [
      '2021-09-26',
      '2021-9-26 09:15:27',
      ' 2021-09-26 09:15:27',
      'Sun, 26 Sep 2021',
      1632647727,
      null,
      { $gt: '' },
    ]) {
      expect(parseEventTimestamp(value).ok).toBe(false);
    }
  });

  it('refuses times before 1970 or past the last exact microsecond (2255), which queries would choke on', () => {
    expect(parseEventTimestamp('1970-01-01 00:00:00')).toEqual({ ok: true, epochMicros: 0 });
    for (const value of [
      '1969-12-31 23:59:59.999999',
      '0099-03-01 00:00:00',
      '2256-01-01 00:00:00',
      '9999-12-31T00:00:00Z',
    ]) {
      expect(parseEventTimestamp(value)).toEqual({ ok: false, reason: expect.stringContaining('1970') });
    }
  });
});

describe('formatEventTimestamp', () => {
  it('prints six fractional digits in UTC, also for whole seconds and before 1970', () => {
    expect(formatEventTimestamp(micros(Date.UTC(2021, 8, 26, 9, 15, 27)))).toBe('2021-09-26 09:15:27.000000');
    expect(formatEventTimestamp(-1)).toBe('1969-12-31 23:59:59.999999');
  });
});

describe('utcMillis', () => {
  it('is Date.UTC (with setUTCFullYear for years 0-99) for every year 0000-9999', () => {
    const viaDate = (y: number, mo: number, d: number, h: number, mi: number, s: number) =>
      new Date(Date.UTC(2000, mo - 1, d, h, mi, s)).setUTCFullYear(y);
    const mismatches: string[] = [];
    for (let year = 0; year <= 9999; year++) {
      for (let month = 1; month <= 12; month++) {
        const last = new Date(Date.UTC(2001, month, 0)).getUTCDate() + (month === 2 && isLeap(year) ? 1 : 0);
        for (const [day, h, mi, s] of [
          [1, 0, 0, 0],
          [last, 23, 59, 59],
        ]) {
          if (utcMillis(year, month, day, h, mi, s) !== viaDate(year, month, day, h, mi, s))
            mismatches.push(`${year}-${month}-${day}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
