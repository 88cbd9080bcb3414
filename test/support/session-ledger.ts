import mongoose from 'mongoose';
import { formatEventTimestamp, sessionKey } from '@eventline/contracts';
import { SESSIONS_COLLECTION } from '@eventline/storage';

/** A session as the stored events say it is: what its summary and the sessions list must show. */
export interface LedgerSession {
  _id: string;
  application: string;
  session_id: string;
  first_us: number;
  last_us: number;
  categories: string[];
  event_count: number;
}

/**
 * Reads a test database directly: the sessions as computed from every stored event (the ledger),
 * and the summaries the ingestor or the backfill wrote (collection `sessions`).
 */
export class SessionLedger {
  private constructor(private readonly connection: mongoose.Connection) {}

  static async open(url: string): Promise<SessionLedger> {
    return new SessionLedger(await mongoose.createConnection(url).asPromise());
  }

  /** Every session of the stored events, newest last event first (ties: session key descending). */
  async expected(): Promise<LedgerSession[]> {
    const events = await this.connection
      .db!.collection('events')
      .find({}, { projection: { name: 1, session_id: 1, category: 1, ts_us: 1 } })
      .toArray();
    const sessions = new Map<string, LedgerSession>();
    for (const e of events) {
      const key = sessionKey(e.name as string, e.session_id as string);
      const known = sessions.get(key);
      const ts = e.ts_us as number;
      if (!known) {
        sessions.set(key, {
          _id: key,
          application: e.name as string,
          session_id: e.session_id as string,
          first_us: ts,
          last_us: ts,
          categories: [e.category as string],
          event_count: 1,
        });
        continue;
      }
      known.first_us = Math.min(known.first_us, ts);
      known.last_us = Math.max(known.last_us, ts);
      if (!known.categories.includes(e.category as string)) known.categories.push(e.category as string);
      known.event_count += 1;
    }
    return [...sessions.values()]
      .map((s) => ({ ...s, categories: s.categories.sort() }))
      .sort((a, b) => b.last_us - a.last_us || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0));
  }

  /** The summaries as stored, in the ledger's shape (categories sorted, no count), by key. */
  async summaries(): Promise<Omit<LedgerSession, 'event_count'>[]> {
    const docs = await this.connection.db!.collection(SESSIONS_COLLECTION).find({}).toArray();
    return docs
      .map((d) => ({
        _id: d._id as unknown as string,
        application: d.application as string,
        session_id: d.session_id as string,
        first_us: d.first_us as number,
        last_us: d.last_us as number,
        categories: [...(d.categories as string[])].sort(),
      }))
      .sort((a, b) => (a._id < b._id ? -1 : 1));
  }

  /** How many events are stored. */
  storedEvents(): Promise<number> {
    return this.connection.db!.collection('events').countDocuments({});
  }

  /** The names of the `sessions` collection's indexes. */
  async summaryIndexes(): Promise<string[]> {
    const indexes = await this.connection.db!.collection(SESSIONS_COLLECTION).indexes();
    return indexes.map((index) => String(index.name));
  }

  async close(): Promise<void> {
    await this.connection.close();
  }

  /** Drops the test database and disconnects. */
  async dispose(): Promise<void> {
    await this.connection.dropDatabase();
    await this.connection.close();
  }
}

/** The ledger's sessions without counts, sorted by key: what `summaries()` must equal. */
export function summariesOf(sessions: LedgerSession[]): Omit<LedgerSession, 'event_count'>[] {
  return sessions
    .map(({ event_count: _count, ...summary }) => summary)
    .sort((a, b) => (a._id < b._id ? -1 : 1));
}

/** A ledger session as `GET /v1/sessions?order=recent` must list it. */
export function sessionItemOf(session: LedgerSession) {
  return {
    session_id: session.session_id,
    name: session.application,
    event_count: session.event_count,
    first_timestamp: formatEventTimestamp(session.first_us),
    last_timestamp: formatEventTimestamp(session.last_us),
    categories: session.categories,
  };
}
