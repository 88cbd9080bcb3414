import { DynamicModule, Module, Provider, Type } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { MetricsController } from './metrics.controller.js';
import { METRICS_REGISTRY } from './metrics.tokens.js';

export interface MetricsOptions {
  /** The `service` label every metric of the process carries. */
  service: string;
  /** The app's own metrics class, registered on the registry and injectable app-wide. */
  metrics: Type;
  /** Providers the metrics class needs (a reader behind a scrape-time gauge, say). */
  providers?: Provider[];
}

/**
 * One prom-client Registry per application (not the library's global one, so two apps in one test
 * process never collide) with Node's default process metrics and the app's own metrics class.
 * Global: any module of the app can inject its metrics class.
 * Serves `GET /metrics` on the app's HTTP listener.
 */
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsOptions): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [
        { provide: METRICS_REGISTRY, useFactory: () => createRegistry(options.service) },
        options.metrics,
        ...(options.providers ?? []),
      ],
      exports: [METRICS_REGISTRY, options.metrics],
    };
  }
}

function createRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
