import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, MongooseHealthIndicator } from '@nestjs/terminus';
import { NatsReadinessIndicator } from './nats-readiness.indicator.js';

/** Probes for the container healthcheck (HEALTH_PORT): alive, and ready to answer queries. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly mongo: MongooseHealthIndicator,
    private readonly nats: NatsReadinessIndicator,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.mongo.pingCheck('mongodb').withTimeout(1500),
      () => this.nats.check('nats'),
    ]);
  }
}
