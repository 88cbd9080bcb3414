import { Controller, Get, Res } from '@nestjs/common';
import { OperationalRoute } from '../routes/operational-route.decorator.js';
import { ReadinessService } from './readiness.service.js';

interface ReplyLike {
  status(code: number): unknown;
}

/** `GET /health/live` (the process serves) and `GET /health/ready` (its dependencies answer). */
@Controller('health')
@OperationalRoute()
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: ReplyLike) {
    const report = await this.readiness.check();
    reply.status(report.httpStatus);
    return report.body;
  }
}
