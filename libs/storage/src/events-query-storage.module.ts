import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { StoredEvent, StoredEventSchema } from './event.schema.js';
import { EventsQueryRepository } from './events-query.repository.js';
import { mongoConnectOptions } from './mongo-connection.options.js';

export interface EventsQueryStorageOptions {
  /** `mongodb://…/<database>`; the database defaults to `eventline`. */
  mongoUrl: string;
  /** How long a query waits for a reachable server before failing as unavailable. */
  serverSelectionTimeoutMs: number;
}

/** The read side of storage for the query service: a connection and {@link EventsQueryRepository}. */
@Module({})
export class EventsQueryStorageModule {
  static register(options: EventsQueryStorageOptions): DynamicModule {
    return {
      module: EventsQueryStorageModule,
      imports: [
        MongooseModule.forRoot(
          options.mongoUrl,
          mongoConnectOptions(options.mongoUrl, options.serverSelectionTimeoutMs),
        ),
        MongooseModule.forFeature([{ name: StoredEvent.name, schema: StoredEventSchema }]),
      ],
      providers: [EventsQueryRepository],
      exports: [EventsQueryRepository],
    };
  }
}
