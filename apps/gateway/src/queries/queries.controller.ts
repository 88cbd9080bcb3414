import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  DomainError,
  ErrorCode,
  EventItem,
  EventsPage,
  EventsQueryInput,
  QueryPage,
  SessionEventsQueryInput,
  SessionItem,
  SessionsPage,
  SessionsQueryInput,
} from '@eventline/contracts';
import type { ApiClient } from '../auth/api-client.js';
import { CurrentClient } from '../auth/current-client.decorator.js';
import { RequireScope } from '../auth/require-scope.decorator.js';
import { ApiErrorResponses, COMMON_ERRORS } from '../errors/api-error-responses.decorator.js';
import { CorrelationId } from '../http/correlation-id.decorator.js';
import { QueryEventsService } from './query-events.service.js';

/** The query routes that read a JSON body (`events` and `eventsByBody` below), each up to QUERY_MAX_BODY_BYTES. */
export const QUERY_BODY_ROUTES = [
  { method: 'GET', path: '/v1/events' },
  { method: 'POST', path: '/v1/events/query' },
] as const;

/** Read routes (docs/api.md, "Queries"), answered by the query service over NATS. */
@ApiTags('queries')
@ApiErrorResponses({
  400: 'A parameter is invalid (`invalid_parameter`, `invalid_timestamp`, `invalid_range`, `invalid_limit`, `invalid_cursor`, `unexpected_field`, …): `error.field` names it.',
  503: '`query_unavailable`: no query replica answered, or the store is down; retry. `query_busy`: every query slot of the replica is taken; retry after `Retry-After` (1 s).',
  504: '`query_timeout`: the query did not finish within `QUERY_TIMEOUT_MS` (the database was told to stop too).',
  ...COMMON_ERRORS,
})
@Controller('v1')
export class QueriesController {
  constructor(private readonly queries: QueryEventsService) {}

  @Get('sessions/:session_id/events')
  @RequireScope('query')
  @ApiOperation({ summary: "A session's events in time order (timestamp, then arrival)." })
  @ApiParam({ name: 'session_id', format: 'uuid', description: 'The session (UUID).' })
  @ApiOkResponse({ type: EventsPage })
  @ApiErrorResponses({ 404: '`not_found`: no such session among the events this key may read.' })
  sessionEvents(
    @Param('session_id') sessionId: string,
    @Query() query: SessionEventsQueryInput,
    @CurrentClient() client: ApiClient,
    @CorrelationId() correlationId: string,
  ): Promise<QueryPage<EventItem>> {
    return this.queries.listSessionEvents(client, sessionId, query, correlationId);
  }

  @Get('events')
  @RequireScope('query')
  @ApiOperation({
    summary: 'Events matching filters, in time order.',
    description:
      'The filters may also come as a JSON body on this GET (as the seed clients send them), not both.',
  })
  @ApiOkResponse({ type: EventsPage })
  events(
    @Query() query: EventsQueryInput,
    @Body() body: unknown,
    @CurrentClient() client: ApiClient,
    @CorrelationId() correlationId: string,
  ): Promise<QueryPage<EventItem>> {
    return this.queries.listEvents(client, filtersOf(query, body), correlationId);
  }

  @Post('events/query')
  @RequireScope('query')
  @HttpCode(200)
  @ApiOperation({ summary: 'Events matching filters given as a JSON body.' })
  @ApiBody({ type: EventsQueryInput })
  @ApiOkResponse({ type: EventsPage })
  eventsByBody(
    @Body() body: EventsQueryInput,
    @CurrentClient() client: ApiClient,
    @CorrelationId() correlationId: string,
  ): Promise<QueryPage<EventItem>> {
    return this.queries.listEvents(client, body ?? {}, correlationId);
  }

  @Get('sessions')
  @RequireScope('query')
  @ApiOperation({
    summary: 'Sessions: count, first and last timestamp, categories.',
    description:
      '`order=session_id` (default): sessions with events matching the filters, in session id order, ' +
      'each summarising its matching events. `order=recent`: whole sessions, newest last activity ' +
      'first, selected by the filters (application, a category among theirs, activity overlapping ' +
      '[start, end)). `event_count` is exact in both.',
  })
  @ApiOkResponse({ type: SessionsPage })
  sessions(
    @Query() query: SessionsQueryInput,
    @CurrentClient() client: ApiClient,
    @CorrelationId() correlationId: string,
  ): Promise<QueryPage<SessionItem>> {
    return this.queries.listSessions(client, query, correlationId);
  }
}

/** `GET /v1/events` takes its filters from the query string or from a JSON body, never both. */
function filtersOf(query: object, body: unknown): unknown {
  if (body === undefined || body === null) return query;
  if (Object.keys(query).length > 0) {
    throw new DomainError(
      ErrorCode.InvalidParameter,
      'send the filters in the query string or in a JSON body, not both',
    );
  }
  return body;
}
