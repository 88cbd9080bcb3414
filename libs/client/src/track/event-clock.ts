import { formatEventTimestamp } from '@eventline/contracts/event/event-timestamp.js';

/**
 * Now, in epoch microseconds. `Date.now()` has whole milliseconds only; the sub-millisecond part
 * comes from the high-resolution clock. That clock drifts from the wall clock over long uptimes
 * (it does not follow NTP), so it is only trusted inside the current wall-clock millisecond.
 */
export function nowEpochMicros(): number {
  const wall = Date.now();
  const perf = globalThis.performance;
  if (!perf || typeof perf.timeOrigin !== 'number') return wall * 1000;
  const precise = perf.timeOrigin + perf.now();
  return Math.floor(Math.min(Math.max(precise, wall), wall + 0.999) * 1000);
}

/** The timestamp sent for an event: the seed's format, six fractional digits, UTC. */
export function eventTimestamp(at: Date | string | undefined): string {
  if (typeof at === 'string') return at;
  if (at instanceof Date) return formatEventTimestamp(at.getTime() * 1000);
  return formatEventTimestamp(nowEpochMicros());
}
