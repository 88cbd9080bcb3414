import { Injectable } from '@nestjs/common';
import {
  EventItem,
  QueryPage,
  QuerySubject,
  SessionItem,
  validateEventsQuery,
  validateSessionEventsQuery,
  validateSessionsQuery,
} from '@eventline/contracts';
import type { ApiClient } from '../auth/api-client.js';
import { queryScopeOf } from '../auth/query-scope.js';
import { QueryBusService } from './query-bus.service.js';
import { refuseInvalid } from './refuse-invalid.js';

/**
 * The query routes' use cases: validate (a bad request is refused here, without a round trip),
 * fix the caller's scope from its key, ask the query service, which validates again.
 */
@Injectable()
export class QueryEventsService {
  constructor(private readonly bus: QueryBusService) {}

  listEvents(client: ApiClient, params: unknown, correlationId: string): Promise<QueryPage<EventItem>> {
    refuseInvalid(validateEventsQuery(params));
    return this.bus.ask(QuerySubject.EventsList, { scope: queryScopeOf(client), params }, correlationId);
  }

  listSessionEvents(
    client: ApiClient,
    sessionId: string,
    params: unknown,
    correlationId: string,
  ): Promise<QueryPage<EventItem>> {
    refuseInvalid(validateSessionEventsQuery(sessionId, params));
    return this.bus.ask(
      QuerySubject.SessionEvents,
      {
        scope: queryScopeOf(client),
        session_id: sessionId,
        params,
      },
      correlationId,
    );
  }

  listSessions(client: ApiClient, params: unknown, correlationId: string): Promise<QueryPage<SessionItem>> {
    refuseInvalid(validateSessionsQuery(params));
    return this.bus.ask(QuerySubject.SessionsList, { scope: queryScopeOf(client), params }, correlationId);
  }
}
