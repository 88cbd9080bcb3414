import type { mongo } from 'mongoose';
import { sessionKey } from '@eventline/contracts';
import type { StoredEvent } from './event.schema.js';
import type { SessionSummary } from './session-summary.schema.js';

/** The fields of a stored event that its session's summary is made of. */
export type SessionEventFields = Pick<StoredEvent, 'name' | 'session_id' | 'category' | 'ts_us'>;

/** The projection reading {@link SessionEventFields} of stored events. */
export const SESSION_EVENT_FIELDS = { _id: 0, name: 1, session_id: 1, category: 1, ts_us: 1 } as const;

/** What some events say about one session: the bounds of their times and their categories. */
export interface SessionActivity {
  application: string;
  session_id: string;
  first_us: number;
  last_us: number;
  /** Each once, sorted. */
  categories: string[];
}

/**
 * Folds events into one activity per session (application, session_id), so that a batch of
 * events becomes one write per distinct session rather than one per event. Pure; the order of
 * the events does not matter.
 */
export function sessionActivities(events: Iterable<SessionEventFields>): SessionActivity[] {
  const sessions = new Map<string, { activity: SessionActivity; categories: Set<string> }>();
  for (const event of events) {
    const key = sessionKey(event.name, event.session_id);
    const known = sessions.get(key);
    if (known) {
      known.activity.first_us = Math.min(known.activity.first_us, event.ts_us);
      known.activity.last_us = Math.max(known.activity.last_us, event.ts_us);
      known.categories.add(event.category);
    } else {
      sessions.set(key, {
        activity: {
          application: event.name,
          session_id: event.session_id,
          first_us: event.ts_us,
          last_us: event.ts_us,
          categories: [],
        },
        categories: new Set([event.category]),
      });
    }
  }
  return [...sessions.values()].map(({ activity, categories }) => ({
    ...activity,
    categories: [...categories].sort(),
  }));
}

/**
 * The write that merges an activity into its session's summary, creating the summary when
 * absent. Idempotent and commutative — only `$min`, `$max`, `$addToSet` and `$setOnInsert`, no
 * read before the write — so applying it again (a redelivered batch) changes nothing, and
 * ingestor replicas writing the same session at once cannot lose each other's update.
 */
export function sessionUpsert(activity: SessionActivity): mongo.AnyBulkWriteOperation<SessionSummary> {
  return {
    updateOne: {
      filter: { _id: sessionKey(activity.application, activity.session_id) },
      update: {
        $min: { first_us: activity.first_us },
        $max: { last_us: activity.last_us },
        $addToSet: { categories: { $each: activity.categories } },
        $setOnInsert: { application: activity.application, session_id: activity.session_id },
      },
      upsert: true,
    },
  };
}

/** A session's whole summary, made of one activity: what inserting a new session writes. */
export function sessionSummaryOf(activity: SessionActivity): SessionSummary {
  return { _id: sessionKey(activity.application, activity.session_id), ...activity };
}

/**
 * Whether a stored summary already holds an activity: bounds at least as wide, every category.
 * After its write, an activity not covered was lost to a concurrent writer (see
 * `SessionSummariesRepository.record`).
 */
export function covers(
  summary: Pick<SessionSummary, 'first_us' | 'last_us' | 'categories'> | undefined,
  activity: SessionActivity,
): boolean {
  return (
    summary !== undefined &&
    summary.first_us <= activity.first_us &&
    summary.last_us >= activity.last_us &&
    activity.categories.every((category) => summary.categories.includes(category))
  );
}
