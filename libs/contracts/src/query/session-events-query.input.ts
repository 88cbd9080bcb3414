import { PickType } from '@nestjs/swagger';
import { EventsQueryInput } from './events-query.input.js';

/** Parameters of `GET /v1/sessions/{session_id}/events`; the session comes from the path. */
export class SessionEventsQueryInput extends PickType(EventsQueryInput, [
  'order',
  'limit',
  'cursor',
] as const) {}
