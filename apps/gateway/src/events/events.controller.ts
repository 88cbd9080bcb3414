import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { currentClientOf } from '../auth/current-client.decorator.js';
import { RequireScope } from '../auth/require-scope.decorator.js';
import { ApiErrorResponses, COMMON_ERRORS } from '../errors/api-error-responses.decorator.js';
import { ErrorResponseBody } from '../errors/error-response.body.js';
import { correlationIdOf } from '../http/correlation-id.decorator.js';
import { EXAMPLE_EVENT } from './event-request.schema.js';
import { IngestEventsUseCase } from './ingest-events.use-case.js';
import { IngestResponseSchema } from './ingest-response.schema.js';
import { IngestReport } from './ingest.report.js';

/** `POST /v1/events`, as Fastify names it: the route the ingest admission and direct handling (gateway-app.factory.ts) apply to. */
export const INGEST_ROUTE = { method: 'POST', path: '/v1/events' } as const;

@ApiTags('events')
@Controller(INGEST_ROUTE.path)
export class EventsController {
  constructor(private readonly ingestEvents: IngestEventsUseCase) {}

  /**
   * Receives one event or an array of events (docs/api.md, "Ingest"). Fastify calls it directly,
   * without Nest's per-request pipeline (direct-ingest.route.ts): it reads what it needs from the
   * request itself rather than through parameter decorators.
   */
  @Post()
  @HttpCode(202)
  @RequireScope('ingest')
  @ApiOperation({
    summary: 'Send one event or an array of events.',
    description:
      'Each event is validated on its own against its category\'s schema; the valid ones are published to JetStream. "accepted" means JetStream confirmed the write. Body ≤ `BODY_LIMIT_BYTES` (1 MiB; a gzip, deflate or br body is checked inflated), ≤ `MAX_EVENTS_PER_REQUEST` (500) events, each ≤ `MAX_EVENT_BYTES` (32 KiB).',
  })
  @ApiBody({
    schema: { oneOf: [{ $ref: getSchemaPath('Event') }, { $ref: getSchemaPath('EventBatch') }] },
    examples: {
      event: { summary: "The seed's event", value: EXAMPLE_EVENT },
      batch: { summary: 'An array of events', value: [EXAMPLE_EVENT] },
    },
  })
  @ApiResponse({
    status: 202,
    type: IngestResponseSchema,
    description: 'Every event accepted or a duplicate.',
  })
  @ApiResponse({
    status: 207,
    type: IngestResponseSchema,
    description:
      'Some events accepted (or duplicates), some rejected; also when JetStream confirmed only some messages (`broker_unavailable` per event).',
  })
  @ApiResponse({
    status: 400,
    description:
      'No event valid (per-event results), or `invalid_body`: not JSON, not an event or a non-empty array of events, or `invalid_encoding`: the body is not valid UTF-8.',
    schema: {
      oneOf: [{ $ref: getSchemaPath(IngestResponseSchema) }, { $ref: getSchemaPath(ErrorResponseBody) }],
    },
  })
  @ApiErrorResponses({
    403: "`untrusted_app` (field `name`): no event accepted and every event names another application than the key's.",
    413: '`body_too_large` (the body, or its inflated bytes, exceeds `BODY_LIMIT_BYTES`) or `too_many_events`.',
    415: '`unsupported_media_type`: `Content-Type` is not `application/json`, or an unknown `Content-Encoding`.',
    503: '`broker_unavailable`: JetStream confirmed nothing within `PUBLISH_TIMEOUT_MS`, or NATS is disconnected; safe to retry. `gateway_busy`: the gateway held `INGEST_BYTES_IN_FLIGHT` of bodies and no room came within 5 s; nothing accepted; retry after `Retry-After` (1 s).',
    ...COMMON_ERRORS,
  })
  async ingest(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IngestReport> {
    const report = await this.ingestEvents.execute({
      body: request.body,
      app: currentClientOf(request).app,
      correlationId: correlationIdOf(request),
    });
    void reply.status(ingestStatusOf(report));
    return report;
  }
}

/** 202 when every event was accepted (or a duplicate), 207 when some were, 400 when none was. */
export function ingestStatusOf(report: IngestReport): 202 | 207 | 400 {
  if (report.accepted + report.duplicates === 0) return 400;
  return report.rejected === 0 ? 202 : 207;
}
