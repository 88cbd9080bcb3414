import { PickType } from '@nestjs/swagger';
import { EventsQueryInput } from './events-query.input.js';

/**
 * Filters of `GET /v1/events/live`: the events list's filters that make sense for events yet to
 * come (no time range, order or paging). Given fields are ANDed.
 */
export class LiveEventsQueryInput extends PickType(EventsQueryInput, [
  'session_id',
  'category',
  'name',
] as const) {}
