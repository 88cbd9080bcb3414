import { ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { EventsQueryInput } from './events-query.input.js';
import { SESSIONS_ORDERS, type SessionsOrder } from './query-limits.js';

/**
 * Filters of `GET /v1/sessions` (docs/api.md, "Sessions"). In `session_id` order (the default) a
 * session is listed when at least one of its events matches them, and its count, timestamps and
 * categories cover those matching events. In `recent` order the filters select whole sessions
 * (of the application, with an event of the category, active within the time range) and each
 * item describes the whole session, newest last activity first.
 */
export class SessionsQueryInput extends PickType(EventsQueryInput, [
  'category',
  'name',
  'start',
  'end',
  'limit',
  'cursor',
] as const) {
  @ApiPropertyOptional({
    description:
      '`session_id`: by session id, each session summarising its events matching the filters. ' +
      '`recent`: newest last activity first, whole sessions: one with an event of `category`, ' +
      'active between `start` (inclusive) and `end` (exclusive).',
    enum: SESSIONS_ORDERS,
    default: 'session_id',
  })
  @IsOptional()
  @IsIn(SESSIONS_ORDERS)
  order?: SessionsOrder;
}
