import { Controller, UseGuards, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { EventItem, QueryPage, QuerySubject, SessionItem } from '@eventline/contracts';
import type { QueryRequest } from '@eventline/contracts';
import { SignedQueryGuard } from './auth/signed-query.guard.js';
import { QueryAdmissionInterceptor } from './limits/query-admission.interceptor.js';
import { QueryMetricsInterceptor } from './query-metrics.interceptor.js';
import { ListEventsUseCase } from './use-cases/list-events/list-events.use-case.js';
import { ListSessionEventsUseCase } from './use-cases/list-session-events/list-session-events.use-case.js';
import { ListSessionsUseCase } from './use-cases/list-sessions/list-sessions.use-case.js';

/** Request-reply handlers of the query subjects (queue group `query`); only gateway-signed requests. */
@Controller()
@UseGuards(SignedQueryGuard)
// Metrics outermost, so shed and timed-out queries are counted with their codes.
@UseInterceptors(QueryMetricsInterceptor, QueryAdmissionInterceptor)
export class QueryController {
  constructor(
    private readonly listEvents: ListEventsUseCase,
    private readonly listSessionEvents: ListSessionEventsUseCase,
    private readonly listSessions: ListSessionsUseCase,
  ) {}

  @MessagePattern(QuerySubject.EventsList)
  events(@Payload() request: QueryRequest): Promise<QueryPage<EventItem>> {
    return this.listEvents.execute(request);
  }

  @MessagePattern(QuerySubject.SessionEvents)
  sessionEvents(@Payload() request: QueryRequest): Promise<QueryPage<EventItem>> {
    return this.listSessionEvents.execute(request);
  }

  @MessagePattern(QuerySubject.SessionsList)
  sessions(@Payload() request: QueryRequest): Promise<QueryPage<SessionItem>> {
    return this.listSessions.execute(request);
  }
}
