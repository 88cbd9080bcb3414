import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiClient } from '../auth/api-client.js';
import { CurrentClient } from '../auth/current-client.decorator.js';
import { RequireScope } from '../auth/require-scope.decorator.js';
import { IngestEventsUseCase } from './ingest-events.use-case.js';
import { IngestResponseBody } from './ingest-result.js';

@Controller('v1/events')
export class EventsController {
  constructor(private readonly ingestEvents: IngestEventsUseCase) {}

  /** Receives one event or an array of events (docs/api.md, "Ingest"). */
  @Post()
  @RequireScope('ingest')
  async ingest(
    @Body() body: unknown,
    @CurrentClient() client: ApiClient,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IngestResponseBody> {
    const outcome = await this.ingestEvents.execute({ body, app: client.app, correlationId: request.id });
    void reply.status(outcome.httpStatus);
    return outcome.body;
  }
}
