import mongoose from 'mongoose';
import { eventKey, parseEventTimestamp } from '@eventline/contracts';
import { StoredEvent, StoredEventSchema } from '@eventline/storage';

/** An event to seed, as the ingestor would store it (only the fields a test cares about given). */
export interface SeedEvent {
  event_id: string;
  session_id: string;
  category?: string;
  name?: string;
  data?: Record<string, unknown>;
  timestamp: string;
  seq: number;
}

/**
 * Writes events straight into a test database through the storage schema (strict: a document
 * the ingestor could not have stored is refused), for query tests that need no ingest path.
 */
export class StoredEvents {
  private constructor(
    private readonly connection: mongoose.Connection,
    private readonly model: mongoose.Model<StoredEvent>,
  ) {}

  static async connect(mongoUrl: string): Promise<StoredEvents> {
    const connection = await mongoose.createConnection(mongoUrl).asPromise();
    const model = connection.model<StoredEvent>('SeedStoredEvent', StoredEventSchema);
    await model.createIndexes();
    return new StoredEvents(connection, model);
  }

  async insert(events: SeedEvent[]): Promise<void> {
    await this.model.insertMany(
      events.map((e) => {
        const parsed = parseEventTimestamp(e.timestamp);
        if (!parsed.ok) throw new Error(`bad seed timestamp ${e.timestamp}`);
        const name = e.name ?? 'shop';
        return {
          _id: eventKey(name, e.event_id),
          event_id: e.event_id,
          session_id: e.session_id,
          category: e.category ?? 'party',
          name,
          data: e.data ?? { host: 'www.party.com', path: '/' },
          ts: new Date(Math.floor(parsed.epochMicros / 1000)),
          ts_us: parsed.epochMicros,
          seq: e.seq,
          received_at: new Date(Date.UTC(2026, 0, 1) + e.seq),
          source: 'http',
        };
      }),
    );
  }

  /** Disconnects, keeping the data. */
  async close(): Promise<void> {
    await this.connection.close();
  }

  /** Drops the test database and disconnects. */
  async dispose(): Promise<void> {
    await this.connection.dropDatabase();
    await this.connection.close();
  }
}
