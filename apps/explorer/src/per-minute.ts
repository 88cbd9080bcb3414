import type { EventItem } from './api.js';
import { apiTimeMillis } from './time.js';

export const WINDOW_MINUTES = 60;

/** Events per minute per category over the last hour: the chart's data. */
export interface PerMinute {
  /** Start of each minute, epoch seconds (uPlot's x values), oldest first. */
  minutes: number[];
  /** Category → count per minute, aligned with `minutes`. */
  counts: Map<string, number[]>;
}

/** Counts events into the minutes of the hour ending at `nowMillis`; older ones are left out. */
export function perMinute(
  events: readonly Pick<EventItem, 'category' | 'timestamp'>[],
  nowMillis: number,
): PerMinute {
  const last = Math.floor(nowMillis / 60_000);
  const first = last - WINDOW_MINUTES + 1;
  const minutes = Array.from({ length: WINDOW_MINUTES }, (_, i) => (first + i) * 60);
  const counts = new Map<string, number[]>();
  for (const event of events) {
    const minute = Math.floor(apiTimeMillis(event.timestamp) / 60_000);
    if (minute < first || minute > last) continue;
    let row = counts.get(event.category);
    if (!row) counts.set(event.category, (row = new Array<number>(WINDOW_MINUTES).fill(0)));
    row[minute - first] += 1;
  }
  return { minutes, counts };
}
