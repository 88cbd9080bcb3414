import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { StoredEvent, StoredEventSchema } from './event.schema.js';
import { EventsIndexesProvisioner } from './events-indexes.provisioner.js';
import { EventsQueryRepository } from './events-query.repository.js';
import { EventsRepository } from './events.repository.js';
import { mongoConnectionOptions } from './mongo-connection.options.js';
import { DEFAULT_WRITE_CONCERN, STORAGE_OPTIONS, StorageOptions } from './storage.options.js';

/**
 * The MongoDB connection, the `events` indexes and the repositories on them: the write side
 * ({@link EventsRepository}) and the read side ({@link EventsQueryRepository}). Configured by
 * value, never from the environment.
 */
@Module({})
export class StorageModule {
  static register(given: StorageOptions): DynamicModule {
    const options = { ...given, writeConcern: given.writeConcern ?? DEFAULT_WRITE_CONCERN };
    return {
      module: StorageModule,
      imports: [
        MongooseModule.forRoot(options.mongoUrl, mongoConnectionOptions(options)),
        MongooseModule.forFeature([{ name: StoredEvent.name, schema: StoredEventSchema }]),
      ],
      providers: [
        { provide: STORAGE_OPTIONS, useValue: options },
        EventsIndexesProvisioner,
        EventsRepository,
        EventsQueryRepository,
      ],
      exports: [EventsRepository, EventsQueryRepository],
    };
  }
}
