import { ErrorCode, eventKey } from '@eventline/contracts';
import { InsertManyResult, StorageUnavailableError, StoredEvent } from '@eventline/storage';
import { EventWriter, IngestBatchService } from './ingest-batch.service.js';
import { MessageInspector } from './message.inspector.js';
import { messageOf, partyEvent, SECRETS, topology } from './test-messages.fixture.js';

/** Records every write; fails or reports duplicates as told. */
class FakeWriter implements EventWriter {
  readonly writes: StoredEvent[][] = [];
  existing = new Set<string>();
  failure?: Error;

  async insertMany(docs: readonly StoredEvent[]): Promise<InsertManyResult> {
    this.writes.push([...docs]);
    if (this.failure) throw this.failure;
    const duplicateIndexes = new Set<number>();
    docs.forEach((d, i) => {
      if (this.existing.has(d._id)) duplicateIndexes.add(i);
      this.existing.add(d._id);
    });
    return {
      inserted: docs.length - duplicateIndexes.size,
      duplicates: duplicateIndexes.size,
      duplicateIndexes,
    };
  }
}

const inspector = new MessageInspector({ topology, publisherSecrets: SECRETS, maxFutureSkewMs: 86_400_000 });
const options = { maxDeliver: 5, nakBaseDelayMs: 1_000, nakMaxDelayMs: 8_000 };

describe('IngestBatchService', () => {
  it('writes the valid events of the whole batch with one insertMany and reports each message stored', async () => {
    const writer = new FakeWriter();
    const service = new IngestBatchService(inspector, writer, options);
    const outcomes = await service.handle([messageOf(partyEvent()), messageOf([partyEvent(), partyEvent()])]);
    expect(writer.writes).toHaveLength(1);
    expect(writer.writes[0]).toHaveLength(3);
    expect(outcomes).toEqual([
      { kind: 'stored', inserted: 1, duplicates: 0, deadLetters: [] },
      { kind: 'stored', inserted: 2, duplicates: 0, deadLetters: [] },
    ]);
  });

  it('reports a message whose events were all stored before as a duplicate', async () => {
    const writer = new FakeWriter();
    const event = partyEvent();
    writer.existing.add(eventKey('shop', event.event_id as string));
    const outcomes = await new IngestBatchService(inspector, writer, options).handle([messageOf(event)]);
    expect(outcomes).toEqual([{ kind: 'duplicate', duplicates: 1 }]);
  });

  it('counts an event carried by two messages of one batch as stored by the first, duplicate in the second', async () => {
    const event = partyEvent();
    const outcomes = await new IngestBatchService(inspector, new FakeWriter(), options).handle([
      messageOf([partyEvent(), event]),
      messageOf([event, partyEvent()]),
    ]);
    expect(outcomes).toEqual([
      { kind: 'stored', inserted: 2, duplicates: 0, deadLetters: [] },
      { kind: 'stored', inserted: 1, duplicates: 1, deadLetters: [] },
    ]);
  });

  it('dead-letters an invalid message without writing it, while its neighbours are stored', async () => {
    const writer = new FakeWriter();
    const bad = messageOf(partyEvent(), { signature: '00'.repeat(32) });
    const outcomes = await new IngestBatchService(inspector, writer, options).handle([
      bad,
      messageOf(partyEvent()),
    ]);
    expect(outcomes[0]).toEqual({
      kind: 'dead_letter',
      letter: expect.objectContaining({ reason: ErrorCode.InvalidSignature }),
    });
    expect(outcomes[1]).toMatchObject({ kind: 'stored', inserted: 1 });
    expect(writer.writes[0]).toHaveLength(1);
  });

  it('asks for a later retry, backing off per delivery, when the database fails — never stored', async () => {
    const writer = new FakeWriter();
    writer.failure = new StorageUnavailableError('connection refused');
    const service = new IngestBatchService(inspector, writer, options);
    const outcomes = await service.handle([
      messageOf(partyEvent(), { deliveryCount: 1 }),
      messageOf(partyEvent(), { deliveryCount: 3 }),
      messageOf(partyEvent(), { deliveryCount: 4 }),
    ]);
    expect(outcomes).toEqual([
      { kind: 'retry_later', delayMs: 1_000, reason: 'connection refused' },
      { kind: 'retry_later', delayMs: 4_000, reason: 'connection refused' },
      { kind: 'retry_later', delayMs: 8_000, reason: 'connection refused' },
    ]);
  });

  it('dead-letters a message on its last delivery instead of a retry the broker would not make', async () => {
    const writer = new FakeWriter();
    writer.failure = new StorageUnavailableError('connection refused');
    const message = messageOf(partyEvent(), { deliveryCount: 5 });
    const [outcome] = await new IngestBatchService(inspector, writer, options).handle([message]);
    expect(outcome).toEqual({
      kind: 'dead_letter',
      letter: {
        body: message.body,
        reason: ErrorCode.DeliveryLimitReached,
        detail: expect.stringContaining('connection refused'),
      },
    });
  });

  it('does not park the invalid events of a partly valid message until its valid ones are stored', async () => {
    const writer = new FakeWriter();
    writer.failure = new StorageUnavailableError('down');
    const message = messageOf([partyEvent(), partyEvent('shop', { timestamp: 'never' })]);
    const [outcome] = await new IngestBatchService(inspector, writer, options).handle([message]);
    expect(outcome.kind).toBe('retry_later');
  });

  it('lets an unexpected error escape, so the loop naks the batch rather than settling it', async () => {
    const writer = new FakeWriter();
    writer.failure = new TypeError('bug');
    await expect(
      new IngestBatchService(inspector, writer, options).handle([messageOf(partyEvent())]),
    ).rejects.toThrow('bug');
  });
});
