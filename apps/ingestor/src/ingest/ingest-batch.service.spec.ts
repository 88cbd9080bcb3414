import { ErrorCode, eventKey } from '@eventline/contracts';
import { InsertManyResult, StorageUnavailableError, StoredEvent } from '@eventline/storage';
import { EventWriter, IngestBatchService } from './ingest-batch.service.js';
import { MessageInspector } from './message.inspector.js';
import { messageOf, partyEvent, SECRETS, topology } from './test-messages.fixture.js';

/** Records every write, in order; fails or reports duplicates as told. */
class FakeWriter implements EventWriter {
  readonly writes: StoredEvent[][] = [];
  readonly sessionWrites: { docs: StoredEvent[]; duplicates: number[] }[] = [];
  readonly calls: string[] = [];
  existing = new Set<string>();
  failure?: Error;
  sessionsFailure?: Error;

  async insertMany(docs: readonly StoredEvent[]): Promise<InsertManyResult> {
    this.calls.push('insertMany');
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

  async recordSessions(docs: readonly StoredEvent[], duplicateIndexes: ReadonlySet<number>): Promise<void> {
    this.calls.push('recordSessions');
    this.sessionWrites.push({ docs: [...docs], duplicates: [...duplicateIndexes] });
    if (this.sessionsFailure) throw this.sessionsFailure;
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

  it("merges the batch's events into their sessions after storing them, duplicates included", async () => {
    const writer = new FakeWriter();
    const event = partyEvent();
    writer.existing.add(eventKey('shop', event.event_id as string));
    await new IngestBatchService(inspector, writer, options).handle([
      messageOf(event),
      messageOf([partyEvent(), partyEvent()]),
    ]);
    expect(writer.calls).toEqual(['insertMany', 'recordSessions']);
    expect(writer.sessionWrites).toEqual([{ docs: writer.writes[0], duplicates: [0] }]);
  });

  it('asks for a retry when the session summaries are not written, though the events were', async () => {
    const writer = new FakeWriter();
    writer.sessionsFailure = new StorageUnavailableError('summaries not confirmed');
    const outcomes = await new IngestBatchService(inspector, writer, options).handle([
      messageOf(partyEvent(), { deliveryCount: 2 }),
    ]);
    expect(writer.writes).toHaveLength(1);
    expect(outcomes).toEqual([{ kind: 'retry_later', delayMs: 2_000, reason: 'summaries not confirmed' }]);
  });

  it('writes no summary when no event of the batch is valid', async () => {
    const writer = new FakeWriter();
    await new IngestBatchService(inspector, writer, options).handle([
      messageOf(partyEvent(), { signature: '00'.repeat(32) }),
    ]);
    expect(writer.sessionWrites).toEqual([]);
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
