import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { EventsQueryStorageModule } from '@eventline/storage';
import { QueryCursorCodec } from './cursor/query-cursor.codec.js';
import { QueryConfig } from './query.config.js';
import { QueryController } from './query.controller.js';
import { QueryExceptionFilter } from './query-exception.filter.js';
import { EventsPageService } from './usecases/events-page.service.js';
import { ListEventsUseCase } from './usecases/list-events/list-events.usecase.js';
import { ListSessionEventsUseCase } from './usecases/list-session-events/list-session-events.usecase.js';
import { ListSessionsUseCase } from './usecases/list-sessions/list-sessions.usecase.js';

@Module({})
export class QueryModule {
  static register(config: QueryConfig): DynamicModule {
    return {
      module: QueryModule,
      imports: [
        EventsQueryStorageModule.register({ mongoUrl: config.MONGO_URL, serverSelectionTimeoutMs: config.QUERY_DB_TIMEOUT_MS }),
      ],
      controllers: [QueryController],
      providers: [
        { provide: QueryConfig, useValue: config },
        { provide: QueryCursorCodec, useValue: new QueryCursorCodec(config.QUERY_CURSOR_SECRET) },
        { provide: APP_FILTER, useClass: QueryExceptionFilter },
        EventsPageService,
        ListEventsUseCase,
        ListSessionEventsUseCase,
        ListSessionsUseCase,
      ],
    };
  }
}
