import {
  BeforeApplicationShutdown,
  HttpStatus,
  Inject,
  Injectable,
  OnApplicationBootstrap,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthCheckResult, HealthCheckService, HealthIndicatorFunction } from '@nestjs/terminus';
import { HEALTH_OPTIONS, type ReadinessRequirements } from './health.options.js';
import { MONGO_HEALTH_PROBE } from './mongo-health.probe.js';
import { MongoHealthIndicator } from './mongo.health-indicator.js';
import { NATS_HEALTH_PROBE } from './nats-health.probe.js';
import { NatsHealthIndicator } from './nats.health-indicator.js';
import { resolveProbe } from './probe.resolver.js';

export interface ReadinessReport {
  httpStatus: number;
  body: HealthCheckResult | { status: 'shutting_down' };
}

/**
 * Decides whether the app can do its work now: each required dependency answers. During a
 * graceful shutdown it reports unready first, so load balancers stop sending work while the app
 * drains.
 */
@Injectable()
export class ReadinessService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private shuttingDown = false;

  constructor(
    private readonly health: HealthCheckService,
    @Inject(HEALTH_OPTIONS) private readonly requirements: ReadinessRequirements,
    private readonly nats: NatsHealthIndicator,
    private readonly mongo: MongoHealthIndicator,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** A required probe that no module provides is a wiring mistake: stop at start, not at the first probe. */
  onApplicationBootstrap(): void {
    if (this.requirements.nats || this.requirements.streams) resolveProbe(this.moduleRef, NATS_HEALTH_PROBE);
    if (this.requirements.mongo) resolveProbe(this.moduleRef, MONGO_HEALTH_PROBE);
  }

  async check(): Promise<ReadinessReport> {
    if (this.shuttingDown)
      return { httpStatus: HttpStatus.SERVICE_UNAVAILABLE, body: { status: 'shutting_down' } };
    try {
      return { httpStatus: HttpStatus.OK, body: await this.health.check(this.indicators()) };
    } catch (error) {
      // Terminus reports "some indicator is down" as a 503 exception carrying the full result.
      if (error instanceof ServiceUnavailableException) {
        return { httpStatus: HttpStatus.SERVICE_UNAVAILABLE, body: error.getResponse() as HealthCheckResult };
      }
      throw error;
    }
  }

  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }

  private indicators(): HealthIndicatorFunction[] {
    const checks: HealthIndicatorFunction[] = [];
    if (this.requirements.nats) checks.push(() => this.nats.connected());
    if (this.requirements.streams) checks.push(() => this.nats.streamsPresent());
    if (this.requirements.mongo) checks.push(() => this.mongo.pingCheck());
    return checks;
  }
}
