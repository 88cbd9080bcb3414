import { Inject, Injectable } from '@nestjs/common';
import { formatEventTimestamp, QueryPage, SessionItem, ValidSessionsQuery } from '@eventline/contracts';
import {
  EventsQueryRepository,
  RecentSessionsFilter,
  SessionPosition,
  SessionSummariesQueryRepository,
  SessionSummaryRow,
} from '@eventline/storage';
import { invalidCursor, QueryCursorCodec } from '../../cursor/query-cursor.codec.js';
import { mapBounded } from '../../limits/bounded-concurrency.js';
import { QueryDeadline } from '../../limits/query-deadline.js';
import { itemsFitting } from '../../pages/page-fit.js';
import { ReplyBudget } from '../../pages/reply-budget.js';
import { definedOnly } from '../defined-only.js';

/**
 * Counts of one page run at most this many at once: a page of 100 sessions is 100 short index
 * walks, and a query holds one of the replica's QUERY_MAX_IN_FLIGHT slots, not a connection each.
 */
const COUNT_CONCURRENCY = 8;

/**
 * The sessions list in `recent` order: whole sessions, newest last activity first, read from the
 * summaries the ingestor keeps (collection `sessions`, docs/queries.md "Sessions newest first").
 * Keyset paging on (last_us, _id), both descending. A summary holds no count (a count kept per
 * batch could miss a batch across a crash), so each session on the page is counted here, exactly,
 * on the `app_sessions` index.
 */
@Injectable()
export class RecentSessionsService {
  constructor(
    @Inject(SessionSummariesQueryRepository)
    private readonly summaries: Pick<SessionSummariesQueryRepository, 'findRecent'>,
    @Inject(EventsQueryRepository)
    private readonly events: Pick<EventsQueryRepository, 'countSessionEvents'>,
    private readonly cursors: QueryCursorCodec,
    private readonly budget: ReplyBudget,
  ) {}

  /** One page; `application` is the scoped `name` filter (undefined: every app, `query:all`). */
  async read(
    scopeBinding: string,
    application: string | undefined,
    query: ValidSessionsQuery,
    deadline: QueryDeadline,
  ): Promise<QueryPage<SessionItem>> {
    const filter = definedOnly<RecentSessionsFilter>({
      application,
      category: query.category,
      start_us: query.start_us,
      end_us: query.end_us,
    });
    const binding = { kind: 'sessions', scope: scopeBinding, filter, order: 'recent' };
    const after =
      query.cursor === undefined ? undefined : toPosition(this.cursors.decode(query.cursor, binding));

    const rows = await this.summaries.findRecent(filter, query.limit + 1, deadline.remainingMs(), after);
    const candidates = rows.slice(0, query.limit);
    // Bounded by bytes, measured with the widest count an item could carry, so the counts cannot
    // outgrow the reply; only the sessions that fit are counted.
    const items = candidates.map((row) => toItem(row, Number.MAX_SAFE_INTEGER));
    const size = itemsFitting(items, this.budget.bytes());
    const page = candidates.slice(0, size);
    const counts = await mapBounded(page, COUNT_CONCURRENCY, (row) =>
      this.events.countSessionEvents(row.application, row.session_id, deadline.remainingMs()),
    );
    deadline.throwIfPassed();
    const last = page.at(-1);
    return {
      // A summary whose events are all gone (deleted by hand) lists nothing.
      items: items
        .slice(0, size)
        .map((item, i) => ({ ...item, event_count: counts[i] }))
        .filter((item) => item.event_count > 0),
      next_cursor: rows.length > size && last ? this.cursors.encode(binding, [last.last_us, last._id]) : null,
    };
  }
}

function toItem(row: SessionSummaryRow, eventCount: number): SessionItem {
  return {
    session_id: row.session_id,
    name: row.application,
    event_count: eventCount,
    first_timestamp: formatEventTimestamp(row.first_us),
    last_timestamp: formatEventTimestamp(row.last_us),
    categories: [...row.categories].sort(),
  };
}

function toPosition(position: unknown[]): SessionPosition {
  const [last_us, id] = position;
  if (!Number.isSafeInteger(last_us) || typeof id !== 'string' || position.length !== 2) {
    throw invalidCursor('cursor is malformed');
  }
  return { last_us: last_us as number, id };
}
