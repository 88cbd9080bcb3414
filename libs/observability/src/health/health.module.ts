import { DynamicModule, Module, ModuleMetadata, Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';
import { MongoHealthIndicator } from './mongo.health-indicator.js';
import { HEALTH_OPTIONS, ReadinessRequirements } from './health.options.js';
import { NatsHealthIndicator } from './nats.health-indicator.js';
import { OperationsServer } from './operations.server.js';
import { ReadinessService } from './readiness.service.js';

export interface HealthOptions extends ReadinessRequirements {
  /**
   * The NATS_HEALTH_PROBE provider (required when `nats` or `streams` is), e.g.
   * `{ provide: NATS_HEALTH_PROBE, useFactory: (nc) => new JetStreamHealthProbe(nc, streams), inject: [NATS_CONNECTION] }`.
   */
  natsProbe?: Provider;
  /** The MONGO_HEALTH_PROBE provider (required when `mongo` is), e.g. `MongoPingProbe.provider(url)`. */
  mongoProbe?: Provider;
  /** Modules exporting what the probe providers inject. */
  imports?: ModuleMetadata['imports'];
  /** Serve `/health/*` on the app's own HTTP server (the gateway); else use OperationsServer. */
  httpEndpoint?: boolean;
}

/** Liveness and readiness (terminus) for one app; see docs/operations.md. */
@Module({})
export class HealthModule {
  static forRoot(options: HealthOptions): DynamicModule {
    const { natsProbe, mongoProbe, imports = [], httpEndpoint, ...requirements } = options;
    if ((requirements.nats || requirements.streams) && !natsProbe) {
      throw new Error('HealthModule: a NATS requirement needs the natsProbe provider');
    }
    if (requirements.mongo && !mongoProbe)
      throw new Error('HealthModule: mongo needs the mongoProbe provider');
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), ...imports],
      controllers: httpEndpoint ? [HealthController] : [],
      providers: [
        { provide: HEALTH_OPTIONS, useValue: requirements },
        ...(natsProbe ? [natsProbe, NatsHealthIndicator] : []),
        ...(mongoProbe ? [mongoProbe, MongoHealthIndicator] : []),
        ReadinessService,
        OperationsServer,
      ],
      exports: [ReadinessService, OperationsServer],
    };
  }
}
