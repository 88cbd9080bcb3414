import { Inject, Injectable } from '@nestjs/common';
import {
  EventItem,
  formatEventTimestamp,
  QueryPage,
  QueryScope,
  ValidEventsQuery,
} from '@eventline/contracts';
import { EventKey, EventRow, EventsFilter, EventsQueryRepository } from '@eventline/storage';
import { invalidCursor, QueryCursorCodec } from '../cursor/query-cursor.codec.js';
import { QueryDeadline } from '../limits/query-deadline.js';
import { itemsFitting } from '../pages/page-fit.js';
import { definedOnly } from './defined-only.js';
import { ReplyBudget } from '../pages/reply-budget.js';
import { NO_VISIBLE_APP, scopedName } from './query-scope.js';

/**
 * Reads one page of events in the total order (ts_us, seq, _id) and issues the cursor of the
 * next. Keyset paging: the next page starts strictly after the last event returned, so events
 * stored meanwhile never shift a page (no repeats, no gaps), unlike skip/offset paging. A page
 * also ends early, with a cursor, where its items would outgrow what one NATS reply can carry.
 */
@Injectable()
export class EventsPageService {
  constructor(
    @Inject(EventsQueryRepository) private readonly repository: Pick<EventsQueryRepository, 'findEvents'>,
    private readonly cursors: QueryCursorCodec,
    private readonly budget: ReplyBudget,
  ) {}

  async read(
    kind: string,
    scope: QueryScope,
    query: ValidEventsQuery,
    deadline: QueryDeadline,
  ): Promise<QueryPage<EventItem>> {
    const name = scopedName(scope, query.name);
    if (name === NO_VISIBLE_APP) return { items: [], next_cursor: null };
    const filter = definedOnly<EventsFilter>({
      session_id: query.session_id,
      category: query.category,
      name,
      start_us: query.start_us,
      end_us: query.end_us,
    });
    const binding = { kind, scope: scope.all ? '*' : scope.app, filter, order: query.order };
    const after =
      query.cursor === undefined ? undefined : toEventKey(this.cursors.decode(query.cursor, binding));
    const rows = await this.repository.findEvents(
      filter,
      query.order,
      query.limit + 1,
      deadline.remainingMs(),
      after,
    );
    const items = rows.slice(0, query.limit).map(toEventItem);
    const size = itemsFitting(items, this.budget.bytes());
    const last = rows[size - 1];
    return {
      items: items.slice(0, size),
      next_cursor:
        rows.length > size && last ? this.cursors.encode(binding, [last.ts_us, last.seq, last._id]) : null,
    };
  }
}

function toEventKey(position: unknown[]): EventKey {
  const [ts_us, seq, id] = position;
  if (
    !Number.isSafeInteger(ts_us) ||
    !Number.isSafeInteger(seq) ||
    typeof id !== 'string' ||
    position.length !== 3
  ) {
    throw invalidCursor('cursor is malformed');
  }
  return { ts_us: ts_us as number, seq: seq as number, id };
}

function toEventItem(row: EventRow): EventItem {
  return {
    event_id: row.event_id,
    session_id: row.session_id,
    category: row.category,
    name: row.name,
    data: row.data,
    timestamp: formatEventTimestamp(row.ts_us),
    received_at: formatEventTimestamp(new Date(row.received_at).getTime() * 1000),
  };
}
