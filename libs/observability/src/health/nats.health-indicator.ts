import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { NATS_HEALTH_PROBE, type NatsHealthProbe } from './nats-health.probe.js';

/** Terminus indicators for NATS: the connection answers, and the JetStream streams exist. */
@Injectable()
export class NatsHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    @Inject(NATS_HEALTH_PROBE) private readonly probe: NatsHealthProbe,
  ) {}

  connected(key = 'nats', timeoutMs = 1_000) {
    return this.indicator
      .check(key)
      .attempt(() => this.probe.ping())
      .withTimeout(timeoutMs);
  }

  streamsPresent(key = 'jetstream', timeoutMs = 2_000) {
    return this.indicator
      .check(key)
      .attempt(async () => {
        const missing = await this.probe.missingStreams();
        if (missing.length > 0) throw new Error(`missing streams: ${missing.join(', ')}`);
      })
      .withTimeout(timeoutMs);
  }
}
