import { Controller, Get, Inject } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  MongooseHealthIndicator,
} from '@nestjs/terminus';
import type { NatsConnection } from '@eventline/messaging';
import { NATS_CONNECTION } from '../ingestor.tokens.js';

const CHECK_TIMEOUT_MS = 1_500;

/** Probes for the orchestrator (the Dockerfile's HEALTHCHECK asks `/health/ready`). */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly mongo: MongooseHealthIndicator,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Ready while both NATS and MongoDB answer a ping: otherwise nothing can be stored. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      this.indicators
        .check('nats')
        .attempt(async () => ({ rtt_ms: await this.nc.rtt() }))
        .withTimeout(CHECK_TIMEOUT_MS),
      this.mongo.pingCheck('mongodb', { timeout: CHECK_TIMEOUT_MS }),
    ]);
  }
}
