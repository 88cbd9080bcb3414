import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthIndicatorService } from '@nestjs/terminus';
import { NATS_HEALTH_PROBE, type NatsHealthProbe } from './nats-health.probe.js';
import { resolveProbe } from './probe.resolver.js';

/** Terminus indicators for NATS: the connection answers, and the JetStream streams exist. */
@Injectable()
export class NatsHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly moduleRef: ModuleRef,
  ) {}

  connected(key = 'nats', timeoutMs = 1_000) {
    return this.indicator
      .check(key)
      .attempt(() => this.probe().ping())
      .withTimeout(timeoutMs);
  }

  streamsPresent(key = 'jetstream', timeoutMs = 2_000) {
    return this.indicator
      .check(key)
      .attempt(async () => {
        const missing = await this.probe().missingStreams();
        if (missing.length > 0) throw new Error(`missing streams: ${missing.join(', ')}`);
      })
      .withTimeout(timeoutMs);
  }

  private probe(): NatsHealthProbe {
    return resolveProbe(this.moduleRef, NATS_HEALTH_PROBE);
  }
}
