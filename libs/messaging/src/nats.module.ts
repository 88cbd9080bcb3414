import { DynamicModule, Global, Module } from '@nestjs/common';
import { EventTopology } from '@eventline/contracts';
import { JetStreamHealthProbe } from './jetstream-health.probe.js';
import { NatsConnectionService } from './nats-connection.service.js';
import { NATS_MODULE_OPTIONS, type NatsModuleOptions } from './nats-module.options.js';

/**
 * An app's NATS: its {@link EventTopology} (the configured namespace's names), its one connection
 * ({@link NatsConnectionService}: opened at start, drained at shutdown, waited for while absent)
 * and the readiness probe over it. Global, so every module of the app injects the same ones.
 */
@Global()
@Module({})
export class NatsModule {
  static forRoot(options: NatsModuleOptions): DynamicModule {
    const topology = new EventTopology(options.config.EVENTLINE_NAMESPACE);
    return {
      module: NatsModule,
      providers: [
        { provide: NATS_MODULE_OPTIONS, useValue: options },
        { provide: EventTopology, useValue: topology },
        NatsConnectionService,
        {
          provide: JetStreamHealthProbe,
          inject: [NatsConnectionService],
          useFactory: (nats: NatsConnectionService) =>
            new JetStreamHealthProbe(() => nats.connection(), options.requiredStreams?.(topology) ?? []),
        },
      ],
      exports: [EventTopology, NatsConnectionService, JetStreamHealthProbe],
    };
  }
}
