import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { StoredEvent } from './event.schema.js';
import { translateStorageError } from './storage-unavailable.error.js';

/**
 * The one place the `events` indexes (declared on the schema) are created, at start-up: autoIndex
 * is off so that builds are deliberate, and the queries' hints need them. Creating indexes that
 * exist is a no-op, so every app and replica may run it.
 */
@Injectable()
export class EventsIndexesProvisioner implements OnModuleInit {
  constructor(@InjectModel(StoredEvent.name) private readonly events: Model<StoredEvent>) {}

  async onModuleInit(): Promise<void> {
    try {
      await this.events.createIndexes();
    } catch (error) {
      throw translateStorageError(error);
    }
  }
}
