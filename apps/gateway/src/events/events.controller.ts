import { Body, Controller, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ApiClient } from '../auth/api-client.js';
import { CurrentClient } from '../auth/current-client.decorator.js';
import { RequireScope } from '../auth/require-scope.decorator.js';
import { CorrelationId } from '../http/correlation-id.decorator.js';
import { IngestEventsUseCase } from './ingest-events.use-case.js';
import { IngestReport } from './ingest.report.js';

@Controller('v1/events')
export class EventsController {
  constructor(private readonly ingestEvents: IngestEventsUseCase) {}

  /** Receives one event or an array of events (docs/api.md, "Ingest"). */
  @Post()
  @RequireScope('ingest')
  async ingest(
    @Body() body: unknown,
    @CurrentClient() client: ApiClient,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IngestReport> {
    const report = await this.ingestEvents.execute({ body, app: client.app, correlationId });
    void reply.status(ingestStatusOf(report));
    return report;
  }
}

/** 202 when every event was accepted (or a duplicate), 207 when some were, 400 when none was. */
export function ingestStatusOf(report: IngestReport): 202 | 207 | 400 {
  if (report.accepted + report.duplicates === 0) return 400;
  return report.rejected === 0 ? 202 : 207;
}
