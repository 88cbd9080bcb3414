import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { StoredEvent, StoredEventSchema } from './event.schema.js';
import { EventsQueryRepository } from './events-query.repository.js';
import { EventsRepository } from './events.repository.js';
import { mongoConnectionOptions } from './mongo-connection.options.js';
import { SessionSummariesQueryRepository } from './session-summaries-query.repository.js';
import { SessionSummariesRepository } from './session-summaries.repository.js';
import { SessionSummary, SessionSummarySchema } from './session-summary.schema.js';
import { SessionsBackfill } from './sessions.backfill.js';
import { StorageIndexesProvisioner } from './storage-indexes.provisioner.js';
import { DEFAULT_WRITE_CONCERN, STORAGE_OPTIONS, StorageOptions } from './storage.options.js';

/**
 * The MongoDB connection, the indexes of `events` and `sessions`, and the repositories on them:
 * the write sides ({@link EventsRepository}, {@link SessionSummariesRepository}), the read sides
 * ({@link EventsQueryRepository}, {@link SessionSummariesQueryRepository}) and the sessions
 * backfill. Configured by value, never from the environment.
 */
@Module({})
export class StorageModule {
  static register(given: StorageOptions): DynamicModule {
    const options = { ...given, writeConcern: given.writeConcern ?? DEFAULT_WRITE_CONCERN };
    return {
      module: StorageModule,
      imports: [
        MongooseModule.forRoot(options.mongoUrl, mongoConnectionOptions(options)),
        MongooseModule.forFeature([
          { name: StoredEvent.name, schema: StoredEventSchema },
          { name: SessionSummary.name, schema: SessionSummarySchema },
        ]),
      ],
      providers: [
        { provide: STORAGE_OPTIONS, useValue: options },
        StorageIndexesProvisioner,
        EventsRepository,
        EventsQueryRepository,
        SessionSummariesRepository,
        SessionSummariesQueryRepository,
        SessionsBackfill,
      ],
      exports: [
        EventsRepository,
        EventsQueryRepository,
        SessionSummariesRepository,
        SessionSummariesQueryRepository,
        SessionsBackfill,
      ],
    };
  }
}
