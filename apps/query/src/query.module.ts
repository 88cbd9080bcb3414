import { DynamicModule, Module } from '@nestjs/common';
import { JetStreamHealthProbe, NatsConnectionService, NatsModule } from '@eventline/messaging';
import {
  HealthModule,
  LoggingModule,
  MetricsModule,
  MONGO_HEALTH_PROBE,
  NATS_HEALTH_PROBE,
} from '@eventline/observability';
import { MongoPingProbe, StorageModule } from '@eventline/storage';
import { SignedQueryGuard } from './auth/signed-query.guard.js';
import { QueryCursorCodec } from './cursor/query-cursor.codec.js';
import { ReplyBudget } from './pages/reply-budget.js';
import { QueryConfig } from './query.config.js';
import { QueryController } from './query.controller.js';
import { QueryMetrics } from './metrics/query.metrics.js';
import { QueryAdmission } from './limits/query-admission.js';
import { QueryMetricsInterceptor } from './query-metrics.interceptor.js';
import { EventsPageService } from './use-cases/events-page.service.js';
import { ListEventsUseCase } from './use-cases/list-events/list-events.use-case.js';
import { ListSessionEventsUseCase } from './use-cases/list-session-events/list-session-events.use-case.js';
import { ListSessionsUseCase } from './use-cases/list-sessions/list-sessions.use-case.js';
import { RecentSessionsService } from './use-cases/list-sessions/recent-sessions.service.js';

@Module({})
export class QueryModule {
  static register(config: QueryConfig): DynamicModule {
    return {
      module: QueryModule,
      imports: [
        StorageModule.register({
          mongoUrl: config.MONGO_URL,
          serverSelectionTimeoutMs: config.QUERY_DB_TIMEOUT_MS,
        }),
        LoggingModule.forRoot({
          level: config.LOG_LEVEL,
          service: 'query',
        }),
        // The query service needs no stream: it answers core NATS requests.
        NatsModule.forRoot({ config, name: 'eventline-query' }),
        // `/metrics` and `/health/*` on HEALTH_PORT, the query service's only HTTP port.
        MetricsModule.forRoot({ service: 'query', metrics: QueryMetrics }),
        HealthModule.forRoot({ nats: true, streams: false, mongo: true }),
      ],
      controllers: [QueryController],
      providers: [
        { provide: QueryConfig, useValue: config },
        { provide: QueryCursorCodec, useValue: new QueryCursorCodec(config.QUERY_CURSOR_SECRET) },
        { provide: NATS_HEALTH_PROBE, useExisting: JetStreamHealthProbe },
        { provide: MONGO_HEALTH_PROBE, useFactory: () => new MongoPingProbe(config.MONGO_URL) },
        QueryMetricsInterceptor,
        QueryAdmission,
        SignedQueryGuard,
        {
          provide: ReplyBudget,
          inject: [NatsConnectionService],
          useFactory: (nats: NatsConnectionService) =>
            new ReplyBudget(() => (nats.isConnected() ? nats.connection().info?.max_payload : undefined)),
        },
        EventsPageService,
        ListEventsUseCase,
        ListSessionEventsUseCase,
        RecentSessionsService,
        ListSessionsUseCase,
      ],
    };
  }
}
