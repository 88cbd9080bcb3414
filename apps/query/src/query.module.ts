import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EventsQueryStorageModule } from '@eventline/storage';
import { QueryCursorCodec } from './cursor/query-cursor.codec.js';
import { QueryConfig } from './query.config.js';
import { QueryController } from './query.controller.js';
import { HealthController } from './health/health.controller.js';
import { NatsReadinessIndicator, NatsTransportStatus } from './health/nats-readiness.indicator.js';
import { EventsPageService } from './usecases/events-page.service.js';
import { ListEventsUseCase } from './usecases/list-events/list-events.usecase.js';
import { ListSessionEventsUseCase } from './usecases/list-session-events/list-session-events.usecase.js';
import { ListSessionsUseCase } from './usecases/list-sessions/list-sessions.usecase.js';

@Module({})
export class QueryModule {
  /** `transport`: the NATS server strategy the handlers are served on, for readiness. */
  static register(config: QueryConfig, transport: NatsTransportStatus): DynamicModule {
    return {
      module: QueryModule,
      imports: [
        EventsQueryStorageModule.register({
          mongoUrl: config.MONGO_URL,
          serverSelectionTimeoutMs: config.QUERY_DB_TIMEOUT_MS,
        }),
        TerminusModule,
      ],
      controllers: [QueryController, HealthController],
      providers: [
        { provide: QueryConfig, useValue: config },
        { provide: QueryCursorCodec, useValue: new QueryCursorCodec(config.QUERY_CURSOR_SECRET) },
        { provide: NatsTransportStatus, useValue: transport },
        NatsReadinessIndicator,
        EventsPageService,
        ListEventsUseCase,
        ListSessionEventsUseCase,
        ListSessionsUseCase,
      ],
    };
  }
}
