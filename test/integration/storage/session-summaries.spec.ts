import { Test, TestingModule } from '@nestjs/testing';
import { eventKey } from '@eventline/contracts';
import {
  EventsQueryRepository,
  EventsRepository,
  SessionsBackfill,
  SessionSummariesQueryRepository,
  SessionSummariesRepository,
  StorageModule,
  StorageUnavailableError,
  StoredEvent,
} from '@eventline/storage';
import { SessionLedger, summariesOf } from '../../support/session-ledger.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';

const A = 'a0000000-0000-4000-8000-00000000000a';
const B = 'b0000000-0000-4000-8000-00000000000b';
const C = 'c0000000-0000-4000-8000-00000000000c';
const T0 = 1_632_647_727_000_000;
let sequence = 0;

function event(name: string, session_id: string, category: string, ts_us: number): StoredEvent {
  const id = `0190a1b2-0000-7000-8000-${String(++sequence).padStart(12, '0')}`;
  return {
    _id: eventKey(name, id),
    event_id: id,
    session_id,
    category,
    name,
    data: {},
    ts: new Date(Math.floor(ts_us / 1000)),
    ts_us,
    seq: sequence,
    received_at: new Date(),
    source: 'nats',
  };
}

async function storageModule(mongoUrl: string, serverSelectionTimeoutMs = 5_000): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      StorageModule.register({
        mongoUrl,
        writeConcern: { w: 'majority', j: true },
        serverSelectionTimeoutMs,
      }),
    ],
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

describe('session summaries on the MongoDB-wire server', () => {
  const url = databaseUrl(testServers().mongoUrl, uniqueNamespace('summaries'));
  let moduleRef: TestingModule;
  // Another process's storage (a second ingestor replica): its own connections and serializer.
  let replicaRef: TestingModule;
  let ledger: SessionLedger;

  beforeAll(async () => {
    moduleRef = await storageModule(url);
    replicaRef = await storageModule(url);
    ledger = await SessionLedger.open(url);
  });

  afterAll(async () => {
    await ledger?.dispose();
    await replicaRef?.close();
    await moduleRef?.close();
  });

  /** Stores events and merges them as the ingestor does, in this process or the replica. */
  async function ingest(docs: StoredEvent[], where = moduleRef): Promise<void> {
    const written = await where.get(EventsRepository).insertMany(docs);
    await where.get(SessionSummariesRepository).recordStored(docs, written.duplicateIndexes);
  }

  it('creates the indexes of the list in recent order at start-up', async () => {
    expect(await ledger.summaryIndexes()).toEqual(expect.arrayContaining(['recent', 'app_recent']));
  });

  it('merges batches, redeliveries and concurrent writers of the same sessions into exact summaries', async () => {
    const batches = Array.from({ length: 12 }, (_, i) => [
      event('shop', A, i % 2 ? 'click' : 'party', T0 + 1000 - i),
      event('shop', B, 'page_view', T0 + i * 7),
      event('blog', A, i % 3 ? 'party' : 'error', T0 + i),
    ]);
    // Twelve batches at once, shared between two replicas (as replicas and category consumers
    // write), then each once more: a redelivery finds its events stored as duplicates.
    const writers = [moduleRef, replicaRef];
    await Promise.all(batches.map((batch, i) => ingest(batch, writers[i % writers.length])));
    await Promise.all(batches.map((batch, i) => ingest(batch, writers[(i + 1) % writers.length])));
    const expected = await ledger.expected();
    expect(expected.map((s) => [s.application, s.session_id, s.event_count])).toEqual([
      ['shop', A, 12],
      ['shop', B, 12],
      ['blog', A, 12],
    ]);
    expect(await ledger.summaries()).toEqual(summariesOf(expected));
  });

  it('summarises a duplicate from its stored copy: an event id reused for another session adds nothing', async () => {
    const original = event('shop', C, 'party', T0 + 50);
    await ingest([original]);
    const reused = { ...original, session_id: 'dddddddd-0000-4000-8000-00000000000d', ts_us: T0 + 99_999 };
    await ingest([reused, event('shop', C, 'click', T0 + 60)]);
    const summary = (await ledger.summaries()).find((s) => s.session_id === C);
    expect(summary).toMatchObject({ first_us: T0 + 50, last_us: T0 + 60, categories: ['click', 'party'] });
    expect((await ledger.summaries()).map((s) => s.session_id)).not.toContain(reused.session_id);
  });

  it('merges a batch of hundreds of sessions, new and then existing (FerretDB on PostgreSQL stalled on one command of them)', async () => {
    const many = Array.from({ length: 300 }, (_, i) =>
      event('many', `e0000000-0000-4000-8000-${String(i).padStart(12, '0')}`, 'party', T0 + i),
    );
    await ingest(many.slice(0, 150));
    await ingest(many);
    const stored = (await ledger.summaries()).filter((s) => s.application === 'many');
    expect(stored).toEqual(summariesOf((await ledger.expected()).filter((s) => s.application === 'many')));
    expect(stored).toHaveLength(300);
  });

  it('reads a page newest first and counts one session on the app_sessions index', async () => {
    const page = await moduleRef
      .get(SessionSummariesQueryRepository)
      .findRecent({ application: 'shop', category: 'click' }, 10, 5_000);
    expect(page.map((s) => s.session_id)).toEqual([A, C]);
    expect(await moduleRef.get(EventsQueryRepository).countSessionEvents('shop', A, 5_000)).toBe(12);
  });

  it('backfills summaries of events stored without them, idempotently and in chunks', async () => {
    const other = databaseUrl(testServers().mongoUrl, uniqueNamespace('backfill'));
    const backfillModule = await storageModule(other);
    const otherLedger = await SessionLedger.open(other);
    try {
      const seeded = Array.from({ length: 25 }, (_, i) =>
        event(
          i % 2 ? 'shop' : 'blog',
          [A, B, C][i % 3],
          ['party', 'click', 'error'][i % 4 === 0 ? 2 : i % 2],
          T0 + i * 13,
        ),
      );
      await backfillModule.get(EventsRepository).insertMany(seeded);
      expect(await otherLedger.summaries()).toEqual([]);
      const backfill = backfillModule.get(SessionsBackfill);
      const progress: number[] = [];
      const first = await backfill.run({ chunkEvents: 4, onChunk: (p) => progress.push(p.events) });
      expect(first.events).toBe(25);
      expect(progress).toEqual([4, 8, 12, 16, 20, 24, 25]);
      const expected = summariesOf(await otherLedger.expected());
      expect(await otherLedger.summaries()).toEqual(expected);
      await backfill.run();
      expect(await otherLedger.summaries()).toEqual(expected);
    } finally {
      await otherLedger.dispose();
      await backfillModule.close();
    }
  });

  it('fails as unavailable, writing nothing to be assumed, when the server cannot be reached', async () => {
    const unreachable = await storageModule('mongodb://127.0.0.1:1/nowhere', 300);
    try {
      await expect(
        unreachable.get(SessionSummariesRepository).record([event('shop', A, 'party', T0)]),
      ).rejects.toBeInstanceOf(StorageUnavailableError);
      await expect(
        unreachable
          .get(SessionSummariesRepository)
          .recordStored([event('shop', A, 'party', T0)], new Set([0])),
      ).rejects.toBeInstanceOf(StorageUnavailableError);
    } finally {
      await unreachable.close();
    }
  });
});
