import { ApiProperty } from '@nestjs/swagger';
import { EventItem } from './event.item.js';
import { SessionItem } from './session.item.js';

/** A page of any list: its items, and the cursor of the next page (`null` on the last). */
export interface QueryPage<T> {
  items: T[];
  next_cursor: string | null;
}

/** A page of events (documented shape of {@link QueryPage}<{@link EventItem}>). */
export class EventsPage implements QueryPage<EventItem> {
  @ApiProperty({ type: [EventItem] })
  items!: EventItem[];

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Pass as `cursor` for the next page; null on the last. A page may hold fewer than `limit` items and still have a next page (pages are also bounded by bytes).',
  })
  next_cursor!: string | null;
}

/** A page of sessions. */
export class SessionsPage implements QueryPage<SessionItem> {
  @ApiProperty({ type: [SessionItem] })
  items!: SessionItem[];

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Pass as `cursor` for the next page; null on the last. A page may hold fewer than `limit` items and still have a next page (pages are also bounded by bytes).',
  })
  next_cursor!: string | null;
}
