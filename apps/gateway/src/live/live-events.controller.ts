import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { LiveEventsQueryInput } from '@eventline/contracts';
import type { ApiClient } from '../auth/api-client.js';
import { CurrentClient } from '../auth/current-client.decorator.js';
import { RequireScope } from '../auth/require-scope.decorator.js';
import { GatewayConfig } from '../config/gateway.config.js';
import { LiveEventsService } from './live-events.service.js';
import { SseStream } from './sse.stream.js';

/** `GET /v1/events/live`: events as they are accepted, as Server-Sent Events (docs/api.md "Live"). */
@ApiTags('queries')
@ApiBearerAuth()
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
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'The stream (`text/event-stream`), open until the client or the gateway closes it.',
  })
  @ApiBadRequestResponse({ description: 'A filter is invalid: `error.field` and `error.code` name it.' })
  @ApiUnauthorizedResponse({ description: 'Missing or unknown API key.' })
  @ApiForbiddenResponse({ description: 'The key lacks the `query` scope.' })
  @ApiTooManyRequestsResponse({
    description:
      '`too_many_streams`: the key already holds LIVE_STREAMS_PER_KEY (5) open streams on this gateway; ' +
      'or `rate_limited`.',
  })
  @ApiServiceUnavailableResponse({ description: '`broker_unavailable`: JetStream cannot be reached.' })
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
