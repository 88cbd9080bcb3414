import { eventKey } from '@eventline/contracts';
import type {
  EventKey,
  EventRow,
  EventsFilter,
  EventsOrder,
  EventsQueryRepository,
  SessionEventRow,
} from '@eventline/storage';

/**
 * The read side of storage for the use cases' unit specs: records what it was asked and answers
 * with the rows a test gave it (`findEvents` at most `limit` of them), so a spec states what the
 * database would hold and checks what the use case asked for and made of it.
 */
export class FakeEventsQueryRepository implements Pick<
  EventsQueryRepository,
  'findEvents' | 'scanSessionEvents'
> {
  readonly finds: Array<{ filter: EventsFilter; order: EventsOrder; limit: number; after?: EventKey }> = [];
  readonly scans: Array<{ filter: Omit<EventsFilter, 'session_id'>; fromSessionId?: string }> = [];
  /** The `maxTimeMs` every read was given. */
  readonly maxTimes: number[] = [];
  eventRows: EventRow[] = [];
  sessionRows: SessionEventRow[] = [];

  async findEvents(
    filter: EventsFilter,
    order: EventsOrder,
    limit: number,
    maxTimeMs: number,
    after?: EventKey,
  ): Promise<EventRow[]> {
    this.maxTimes.push(maxTimeMs);
    this.finds.push({ filter, order, limit, ...(after ? { after } : {}) });
    return this.eventRows.slice(0, limit);
  }

  async *scanSessionEvents(
    filter: Omit<EventsFilter, 'session_id'>,
    maxTimeMs: number,
    fromSessionId?: string,
  ): AsyncIterable<SessionEventRow> {
    this.maxTimes.push(maxTimeMs);
    this.scans.push({ filter, ...(fromSessionId !== undefined ? { fromSessionId } : {}) });
    yield* this.sessionRows.filter((row) => fromSessionId === undefined || row.session_id >= fromSessionId);
  }
}

/** A stored event as `findEvents` returns it, at `ts_us` microseconds and stream sequence `seq`. */
export function eventRow(id: string, ts_us: number, seq = 1, overrides: Partial<EventRow> = {}): EventRow {
  return {
    _id: eventKey(overrides.name ?? 'shop', id),
    event_id: id,
    session_id: 'd1000000-0000-4000-8000-000000000001',
    category: 'party',
    name: 'shop',
    data: { host: 'www.party.com', path: '/' },
    ts_us,
    seq,
    received_at: new Date('2026-01-02T03:04:05.678Z'),
    ...overrides,
  };
}
