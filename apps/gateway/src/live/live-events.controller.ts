import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { LiveEventsQueryInput } from '@eventline/contracts';
import type { ApiClient } from '../auth/api-client.js';
import { CurrentClient } from '../auth/current-client.decorator.js';
import { RequireScope } from '../auth/require-scope.decorator.js';
import { GatewayConfig } from '../config/gateway.config.js';
import { ApiErrorResponses, COMMON_ERRORS } from '../errors/api-error-responses.decorator.js';
import { LiveEventsService } from './live-events.service.js';
import { SseStream } from './sse.stream.js';

/** `GET /v1/events/live`: events as they are accepted, as Server-Sent Events (docs/api.md "Live"). */
@ApiTags('queries')
@Controller('v1/events/live')
export class LiveEventsController {
  constructor(
    private readonly live: LiveEventsService,
    private readonly config: GatewayConfig,
  ) {}

  @Get()
  @RequireScope('query')
  @ApiOperation({
    summary: 'Events as they are accepted (Server-Sent Events), scoped and filtered like the queries.',
    description:
      'One SSE message per event: `id` is the event id, `data` an event item as in the query answers. ' +
      'A comment line (`: heartbeat`) comes every LIVE_HEARTBEAT_MS (15 s) when idle. Only events ' +
      'accepted after the stream opened are sent; read earlier ones with `GET /v1/events`.',
  })
  @ApiOkResponse({
    description: 'The stream (`text/event-stream`), open until the client or the gateway closes it.',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiErrorResponses({
    400: 'A filter is invalid (`unexpected_field`, `invalid_session_id`, `unknown_category`, `invalid_parameter`): `error.field` names it.',
    503: '`broker_unavailable`: JetStream cannot be reached (or not yet, at start), or the gateway is shutting down; retry.',
    ...COMMON_ERRORS,
    429:
      '`too_many_streams`: the key already holds LIVE_STREAMS_PER_KEY (5) open streams on this gateway replica; close one and retry. ' +
      'Or `rate_limited`, as on every route (then with `Retry-After`).',
  })
  async stream(
    @Query() query: LiveEventsQueryInput,
    @CurrentClient() client: ApiClient,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const stream = new SseStream(reply.raw);
    const unsubscribe = await this.live.subscribe(client, query, stream);
    stream.onClose(unsubscribe);
    if (stream.closed) return unsubscribe();
    // From here on the response is ours, not Fastify's: it never ends by itself.
    reply.hijack();
    stream.open(reply.getHeaders(), this.config.LIVE_HEARTBEAT_MS);
  }
}
