import { settlementFor } from './ingest.outcome.js';

const letter = { body: Buffer.from('{}'), reason: 'invalid_data', detail: '[]' };

describe('settlementFor', () => {
  it('acks stored messages after parking their invalid events, and duplicates', () => {
    expect(settlementFor({ kind: 'stored', inserted: 1, duplicates: 0, deadLetters: [letter] })).toEqual({
      kind: 'ack',
      deadLetters: [letter],
    });
    expect(settlementFor({ kind: 'duplicate', duplicates: 2 })).toEqual({ kind: 'ack', deadLetters: [] });
  });

  it('terminates dead letters after parking them, and naks retries with their delay', () => {
    expect(settlementFor({ kind: 'dead_letter', letter })).toEqual({ kind: 'term', deadLetters: [letter] });
    expect(settlementFor({ kind: 'retry_later', delayMs: 250, reason: 'down' })).toEqual({
      kind: 'nak',
      delayMs: 250,
    });
  });
});
