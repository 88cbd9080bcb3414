import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthReportSchema } from './health-report.schema.js';
import { ReadinessService } from './readiness.service.js';

interface ReplyLike {
  status(code: number): unknown;
}

/** `GET /health/live` (the process serves) and `GET /health/ready` (its dependencies answer). */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get('live')
  @ApiOperation({ summary: 'The process serves requests.' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: { status: { type: 'string', enum: ['ok'] } },
      required: ['status'],
    },
  })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Every dependency the process needs answers (NATS, the streams, MongoDB).' })
  @ApiOkResponse({ type: HealthReportSchema, description: 'Ready.' })
  @ApiServiceUnavailableResponse({
    type: HealthReportSchema,
    description: 'A dependency does not answer (named under `error`), or the process is shutting down.',
  })
  async ready(@Res({ passthrough: true }) reply: ReplyLike) {
    const report = await this.readiness.check();
    reply.status(report.httpStatus);
    return report.body;
  }
}
