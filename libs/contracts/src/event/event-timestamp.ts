/**
 * Event timestamps, parsed and printed by hand: `Date` keeps milliseconds only and accepts
 * impossible dates, while the contract needs microseconds end to end and real calendar times.
 */
export interface EventTimestamp {
  /** Epoch microseconds (UTC). Exact as a JS number until year 2255. */
  readonly epochMicros: number;
}

// Seed form: `2021-09-26 09:15:27.243860` (no zone, UTC). ISO form: `2021-09-26T09:15:27.243860Z`
// or with an offset, or without a zone (UTC).
const SEED_FORM = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;
const ISO_FORM = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:\d{2})?$/;

export type TimestampParseResult = { ok: true; epochMicros: number } | { ok: false; reason: string };

// Place values of the fractional digits after the decimal point, in microseconds.
const FRACTION_SCALE = [100_000, 10_000, 1_000, 100, 10, 1];

/** Parses a timestamp in the seed's or ISO 8601 form into epoch microseconds. */
export function parseEventTimestamp(value: unknown): TimestampParseResult {
  if (typeof value !== 'string') return { ok: false, reason: 'must be a string' };
  if (!SEED_FORM.test(value) && !ISO_FORM.test(value)) {
    return {
      ok: false,
      reason: 'must be "YYYY-MM-DD HH:MM:SS[.ffffff]" (UTC) or ISO 8601, at most 6 fractional digits',
    };
  }
  // Both forms put every field at the same position, so once a form matched, the fields are read
  // as digits where they stand: no match array and eight substrings per event on the hot path.
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  const hour = digitsAt(value, 11, 2);
  const minute = digitsAt(value, 14, 2);
  const second = digitsAt(value, 17, 2);
  if (month < 1 || month > 12) return { ok: false, reason: `month ${value.slice(5, 7)} does not exist` };
  if (day < 1 || day > daysInMonth(year, month))
    return { ok: false, reason: `${value.slice(0, 10)} is not a calendar date` };
  if (hour > 23) return { ok: false, reason: `hour ${value.slice(11, 13)} does not exist` };
  if (minute > 59) return { ok: false, reason: `minute ${value.slice(14, 16)} does not exist` };
  if (second > 59)
    return {
      ok: false,
      reason: `second ${value.slice(17, 19)} does not exist (leap seconds are not accepted)`,
    };

  let micros = 0;
  let end = 19;
  if (value.charCodeAt(end) === 0x2e /* . */) {
    for (end = 20; end < value.length && isDigit(value.charCodeAt(end)); end++)
      micros += (value.charCodeAt(end) - 0x30) * FRACTION_SCALE[end - 20];
  }
  let offsetMinutes = 0;
  if (end < value.length && value[end] !== 'Z') {
    const zone = value.slice(end); // ±hh:mm, as the ISO form allows
    const sign = zone[0] === '-' ? -1 : 1;
    const offH = digitsAt(zone, 1, 2);
    const offM = digitsAt(zone, 4, 2);
    if (offH > 14 || offM > 59 || (offH === 14 && offM > 0))
      return { ok: false, reason: `offset ${zone} does not exist` };
    offsetMinutes = sign * (offH * 60 + offM);
  }
  const epochMillis = utcMillis(year, month, day, hour, minute, second) - offsetMinutes * 60_000;
  const epochMicros = epochMillis * 1000 + micros;
  // Past 2^53 µs (year 2255) a JS number no longer holds every microsecond; before 1970 no web
  // event happened, and negative keys would only complicate cursors.
  if (epochMicros < 0 || epochMicros > Number.MAX_SAFE_INTEGER) {
    return { ok: false, reason: 'must lie between 1970-01-01 and 2255-06-05 (UTC)' };
  }
  return { ok: true, epochMicros };
}

/** The decimal number written by the `count` ASCII digits of `text` from `at` (checked by a form). */
function digitsAt(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) n = n * 10 + (text.charCodeAt(i) - 0x30);
  return n;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Prints epoch microseconds in the seed's format with six fractional digits, UTC. */
export function formatEventTimestamp(epochMicros: number): string {
  const millis = Math.floor(epochMicros / 1000);
  const micros = epochMicros - millis * 1000;
  const iso = new Date(millis).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${iso.slice(20, 23)}${String(micros).padStart(3, '0')}`;
}

/**
 * Epoch milliseconds of a UTC calendar time (proleptic Gregorian, like `Date`). Arithmetic rather
 * than `Date.UTC` + `setUTCFullYear` (which `Date.UTC`'s mapping of years 0-99 to 1900-1999 needs):
 * two Date objects per event were a measurable share of the gateway's per-event validation
 * (docs/benchmarks.md). Days from the civil date: H. Hinnant's `days_from_civil`, March-based years
 * so that the leap day ends a year. The spec holds it to `Date` for every year 0000-9999.
 */
export function utcMillis(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  const days = era * 146_097 + dayOfEra - 719_468; // 719,468 days from 0000-03-01 to 1970-01-01
  return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
