import mongoose, { Connection } from 'mongoose';

/** Reads what the ingestor stored (the test's own database), with the driver directly. */
export class EventStore {
  private constructor(private readonly connection: Connection) {}

  static async open(url: string): Promise<EventStore> {
    const connection = await mongoose.createConnection(url, { serverSelectionTimeoutMS: 5_000 }).asPromise();
    return new EventStore(connection);
  }

  private get events() {
    return this.connection.db!.collection<{ _id: string; event_id: string } & Record<string, unknown>>(
      'events',
    );
  }

  count(filter: Record<string, unknown> = {}): Promise<number> {
    return this.events.countDocuments(filter);
  }

  find(filter: Record<string, unknown> = {}, sort: Record<string, 1 | -1> = {}) {
    return this.events.find(filter).sort(sort).toArray();
  }

  /** The event ids stored, as sent (of every application). */
  async ids(): Promise<string[]> {
    const docs = await this.events.find({}, { projection: { event_id: 1 } }).toArray();
    return docs.map((d) => d.event_id);
  }

  indexes() {
    return this.events.indexes();
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
