import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';
import { HEALTH_OPTIONS, ReadinessRequirements } from './health.options.js';
import { MongoHealthIndicator } from './mongo.health-indicator.js';
import { NatsHealthIndicator } from './nats.health-indicator.js';
import { ReadinessLogger } from './readiness.logger.js';
import { ReadinessService } from './readiness.service.js';

/**
 * `GET /health/live` and `GET /health/ready` (terminus) on the app's HTTP listener; see
 * docs/operations.md. The app provides the probes (NATS_HEALTH_PROBE, MONGO_HEALTH_PROBE) in its
 * own module, next to the connections they use: readiness looks them up app-wide.
 */
@Module({})
export class HealthModule {
  static forRoot(requirements: ReadinessRequirements): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json', logger: ReadinessLogger })],
      controllers: [HealthController],
      providers: [
        { provide: HEALTH_OPTIONS, useValue: requirements },
        NatsHealthIndicator,
        MongoHealthIndicator,
        ReadinessService,
      ],
      exports: [ReadinessService],
    };
  }
}
