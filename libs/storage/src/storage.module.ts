import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { StoredEvent, StoredEventSchema } from './event.schema.js';
import { EventsRepository } from './events.repository.js';
import { databaseNameOf, STORAGE_OPTIONS, StorageOptions } from './storage.options.js';

/** The MongoDB connection and the repositories on it; configured by value, never from the environment. */
@Module({})
export class StorageModule {
  static register(options: StorageOptions): DynamicModule {
    return {
      module: StorageModule,
      imports: [
        MongooseModule.forRoot(options.mongoUrl, {
          dbName: databaseNameOf(options.mongoUrl),
          writeConcern: options.writeConcern,
          autoIndex: false,
          autoCreate: false,
          // Fail fast instead of queueing operations while disconnected: the caller decides to retry.
          bufferCommands: false,
          serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 5_000,
        }),
        MongooseModule.forFeature([{ name: StoredEvent.name, schema: StoredEventSchema }]),
      ],
      providers: [{ provide: STORAGE_OPTIONS, useValue: options }, EventsRepository],
      exports: [EventsRepository],
    };
  }
}
