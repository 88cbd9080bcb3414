import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthIndicatorService } from '@nestjs/terminus';
import { MONGO_HEALTH_PROBE, type MongoHealthProbe } from './mongo-health.probe.js';
import { resolveProbe } from './probe.resolver.js';

/** Terminus indicator for MongoDB: the server answers a ping in time. */
@Injectable()
export class MongoHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly moduleRef: ModuleRef,
  ) {}

  pingCheck(key = 'mongodb', timeoutMs = 1_500) {
    return this.indicator
      .check(key)
      .attempt(() => resolveProbe<MongoHealthProbe>(this.moduleRef, MONGO_HEALTH_PROBE).ping())
      .withTimeout(timeoutMs);
  }
}
