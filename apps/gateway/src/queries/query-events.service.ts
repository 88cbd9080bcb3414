import { Injectable } from '@nestjs/common';
import {
  DomainError,
  EventItem,
  FieldError,
  QueryPage,
  QueryScope,
  QuerySubject,
  SessionItem,
  summarizeFieldErrors,
  validateEventsQuery,
  validateSessionEventsQuery,
  validateSessionsQuery,
} from '@eventline/contracts';
import type { ApiClient } from '../auth/api-client.js';
import { QueryBusService } from './query-bus.service.js';

/**
 * The query routes' use cases: validate (a bad request is refused here, without a round trip),
 * fix the caller's scope from its key, ask the query service, which validates again.
 */
@Injectable()
export class QueryEventsService {
  constructor(private readonly bus: QueryBusService) {}

  listEvents(client: ApiClient, params: unknown, correlationId: string): Promise<QueryPage<EventItem>> {
    refuseInvalid(validateEventsQuery(params));
    return this.bus.ask(QuerySubject.EventsList, { scope: scopeOf(client), params }, correlationId);
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
        scope: scopeOf(client),
        session_id: sessionId,
        params,
      },
      correlationId,
    );
  }

  listSessions(client: ApiClient, params: unknown, correlationId: string): Promise<QueryPage<SessionItem>> {
    refuseInvalid(validateSessionsQuery(params));
    return this.bus.ask(QuerySubject.SessionsList, { scope: scopeOf(client), params }, correlationId);
  }
}

function scopeOf(client: ApiClient): QueryScope {
  return { app: client.app, all: client.scopes.has('query:all') };
}

function refuseInvalid(result: { ok: true } | { ok: false; errors: FieldError[] }): void {
  if (result.ok) return;
  const { code, message, field } = summarizeFieldErrors(result.errors);
  throw new DomainError(code, message, field);
}
