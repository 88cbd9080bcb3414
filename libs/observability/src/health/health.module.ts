import { DynamicModule, Module, ModuleMetadata, Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';
import { MongoHealthIndicator } from './mongo.health-indicator.js';
import { HEALTH_OPTIONS, ReadinessRequirements } from './health.options.js';
import { NatsHealthIndicator } from './nats.health-indicator.js';
import { ReadinessService } from './readiness.service.js';

export interface HealthOptions extends ReadinessRequirements {
  /**
   * Probe providers (NATS_HEALTH_PROBE, MONGO_HEALTH_PROBE) to hold here. An app may instead provide
   * them in any of its own modules, next to the connections they use: they are looked up app-wide.
   */
  probes?: Provider[];
  /** Modules exporting what `probes` inject. */
  imports?: ModuleMetadata['imports'];
  /** Serve `/health/live` and `/health/ready` on the app's HTTP server (PORT, or HEALTH_PORT). */
  httpEndpoint?: boolean;
}

/** Liveness and readiness (terminus) for one app; see docs/operations.md. */
@Module({})
export class HealthModule {
  static forRoot(options: HealthOptions): DynamicModule {
    const { probes = [], imports = [], httpEndpoint, ...requirements } = options;
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), ...imports],
      controllers: httpEndpoint ? [HealthController] : [],
      providers: [
        { provide: HEALTH_OPTIONS, useValue: requirements },
        ...probes,
        NatsHealthIndicator,
        MongoHealthIndicator,
        ReadinessService,
      ],
      exports: [ReadinessService],
    };
  }
}
