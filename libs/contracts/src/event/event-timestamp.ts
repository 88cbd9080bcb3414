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

/** Parses a timestamp in the seed's or ISO 8601 form into epoch microseconds. */
export function parseEventTimestamp(value: unknown): TimestampParseResult {
  if (typeof value !== 'string') return { ok: false, reason: 'must be a string' };
  const match = SEED_FORM.exec(value) ?? ISO_FORM.exec(value);
  if (!match) {
    return {
      ok: false,
      reason: 'must be "YYYY-MM-DD HH:MM:SS[.ffffff]" (UTC) or ISO 8601, at most 6 fractional digits',
    };
  }
  const [, y, mo, d, h, mi, s, frac, zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12) return { ok: false, reason: `month ${mo} does not exist` };
  if (day < 1 || day > daysInMonth(year, month))
    return { ok: false, reason: `${y}-${mo}-${d} is not a calendar date` };
  if (hour > 23) return { ok: false, reason: `hour ${h} does not exist` };
  if (minute > 59) return { ok: false, reason: `minute ${mi} does not exist` };
  if (second > 59) return { ok: false, reason: `second ${s} does not exist (leap seconds are not accepted)` };

  let offsetMinutes = 0;
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const offH = Number(zone.slice(1, 3));
    const offM = Number(zone.slice(4, 6));
    if (offH > 14 || offM > 59 || (offH === 14 && offM > 0))
      return { ok: false, reason: `offset ${zone} does not exist` };
    offsetMinutes = sign * (offH * 60 + offM);
  }
  const epochMillis = utcMillis(year, month, day, hour, minute, second) - offsetMinutes * 60_000;
  const micros = frac ? Number(frac.padEnd(6, '0')) : 0;
  const epochMicros = epochMillis * 1000 + micros;
  // Past 2^53 µs (year 2255) a JS number no longer holds every microsecond; before 1970 no web
  // event happened, and negative keys would only complicate cursors.
  if (epochMicros < 0 || epochMicros > Number.MAX_SAFE_INTEGER) {
    return { ok: false, reason: 'must lie between 1970-01-01 and 2255-06-05 (UTC)' };
  }
  return { ok: true, epochMicros };
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
