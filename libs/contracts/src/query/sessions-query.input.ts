import { PickType } from '@nestjs/swagger';
import { EventsQueryInput } from './events-query.input.js';

/**
 * Filters of `GET /v1/sessions`. A session is listed when it has at least one event matching
 * them; its counts, timestamps and categories cover those matching events. Sessions come in
 * `session_id` order.
 */
export class SessionsQueryInput extends PickType(EventsQueryInput, [
  'category',
  'name',
  'start',
  'end',
  'limit',
  'cursor',
] as const) {}
