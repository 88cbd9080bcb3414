import { Test, TestingModule } from '@nestjs/testing';
import { eventKey } from '@eventline/contracts';
import { EventsRepository, StorageModule, StorageUnavailableError, StoredEvent } from '@eventline/storage';
import { DedicatedServer, dedicatedMongo } from '../../support/dedicated-servers.js';
import { eventually } from '../../support/eventually.js';
import { databaseUrl, uniqueNamespace } from '../../support/test-environment.js';
import { EventStore } from '../ingestor/support/event-store.js';

function storedEvent(id: string, name = 'shop'): StoredEvent {
  return {
    _id: eventKey(name, id),
    event_id: id,
    session_id: '5b0d7c1e-55d2-4c56-9a1b-0c6f0a8f2e11',
    category: 'party',
    name,
    data: { host: 'www.party.com', path: '/' },
    ts: new Date('2021-09-26T09:15:27.243Z'),
    ts_us: 1632647727243860,
    seq: 1,
    received_at: new Date(),
    source: 'nats',
  };
}

describe('EventsRepository on the MongoDB-wire server', () => {
  let mongo: DedicatedServer;
  let moduleRef: TestingModule;
  let repository: EventsRepository;
  let url: string;

  beforeAll(async () => {
    mongo = await dedicatedMongo();
    url = databaseUrl(mongo.url, uniqueNamespace('storage'));
    moduleRef = await Test.createTestingModule({
      imports: [
        StorageModule.register({
          mongoUrl: url,
          writeConcern: { w: 'majority', j: true },
          serverSelectionTimeoutMs: 1_000,
        }),
      ],
    }).compile();
    await moduleRef.init();
    repository = moduleRef.get(EventsRepository);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await mongo?.dispose();
  });

  it('creates the schema indexes at start-up, the session timeline among them', async () => {
    const store = await EventStore.open(url);
    try {
      const names = (await store.indexes()).map((index) => index.name);
      expect(names).toEqual(
        expect.arrayContaining(['session_timeline', 'category_range', 'app_range', 'range']),
      );
    } finally {
      await store.close();
    }
  });

  it('counts already stored ids as duplicates and inserts the rest of an unordered batch', async () => {
    expect(await repository.insertMany([storedEvent('e-1'), storedEvent('e-2')])).toMatchObject({
      inserted: 2,
      duplicates: 0,
    });
    const again = await repository.insertMany([storedEvent('e-2'), storedEvent('e-3'), storedEvent('e-1')]);
    expect(again).toMatchObject({ inserted: 1, duplicates: 2 });
    expect([...again.duplicateIndexes].sort()).toEqual([0, 2]);
  });

  it('keeps one event id of two applications as two events, and one per application in any letter case', async () => {
    const id = '0190f3a1-2b3c-7d4e-8f60-0000000000aa';
    expect(await repository.insertMany([storedEvent(id, 'shop'), storedEvent(id, 'blog')])).toMatchObject({
      inserted: 2,
      duplicates: 0,
    });
    expect(await repository.insertMany([storedEvent(id.toUpperCase(), 'blog')])).toMatchObject({
      inserted: 0,
      duplicates: 1,
    });
    const store = await EventStore.open(url);
    try {
      expect((await store.find({ event_id: id }, { name: 1 })).map((d) => [d._id, d.name])).toEqual([
        [eventKey('blog', id), 'blog'],
        [eventKey('shop', id), 'shop'],
      ]);
    } finally {
      await store.close();
    }
  });

  it('throws a StorageUnavailableError when the server is unreachable, and writes again once it is back', async () => {
    await mongo.stop();
    await expect(repository.insertMany([storedEvent('e-4')])).rejects.toBeInstanceOf(StorageUnavailableError);
    await mongo.start();
    await eventually(async () =>
      expect(await repository.insertMany([storedEvent('e-4')])).toMatchObject({ inserted: 1 }),
    );
  });
});
