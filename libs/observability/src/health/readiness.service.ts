import {
  BeforeApplicationShutdown,
  HttpStatus,
  Inject,
  Injectable,
  Optional,
  ServiceUnavailableException,
} from '@nestjs/common';
import { HealthCheckResult, HealthCheckService, HealthIndicatorFunction } from '@nestjs/terminus';
import { HEALTH_OPTIONS, type ReadinessRequirements } from './health.options.js';
import { MongoHealthIndicator } from './mongo.health-indicator.js';
import { NatsHealthIndicator } from './nats.health-indicator.js';

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
export class ReadinessService implements BeforeApplicationShutdown {
  private shuttingDown = false;

  constructor(
    private readonly health: HealthCheckService,
    @Inject(HEALTH_OPTIONS) private readonly requirements: ReadinessRequirements,
    @Optional() private readonly nats?: NatsHealthIndicator,
    @Optional() private readonly mongo?: MongoHealthIndicator,
  ) {}

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
    const { nats, mongo } = this;
    if (this.requirements.nats && nats) checks.push(() => nats.connected());
    if (this.requirements.streams && nats) checks.push(() => nats.streamsPresent());
    if (this.requirements.mongo && mongo) checks.push(() => mongo.pingCheck());
    return checks;
  }
}
