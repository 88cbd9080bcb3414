import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { MONGO_HEALTH_PROBE, type MongoHealthProbe } from './mongo-health.probe.js';

/** Terminus indicator for MongoDB: the server answers a ping in time. */
@Injectable()
export class MongoHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    @Inject(MONGO_HEALTH_PROBE) private readonly probe: MongoHealthProbe,
  ) {}

  pingCheck(key = 'mongodb', timeoutMs = 1_500) {
    return this.indicator
      .check(key)
      .attempt(() => this.probe.ping())
      .withTimeout(timeoutMs);
  }
}
