import { ErrorCode } from '@eventline/contracts';
import { ingestStatusOf } from './events.controller.js';
import { EventResult } from './ingest.report.js';

const accepted: EventResult = { index: 0, event_id: 'a', status: 'accepted' };
const duplicate: EventResult = { index: 1, event_id: 'b', status: 'duplicate' };
const rejected: EventResult = {
  index: 2,
  status: 'rejected',
  errors: [{ field: 'timestamp', code: ErrorCode.InvalidTimestamp, message: 'bad' }],
};

function report(results: EventResult[]) {
  const count = (status: EventResult['status']) => results.filter((r) => r.status === status).length;
  return {
    accepted: count('accepted'),
    duplicates: count('duplicate'),
    rejected: count('rejected'),
    results,
  };
}

describe('ingestStatusOf', () => {
  it('answers 202 when every event was accepted or a duplicate of one accepted before', () => {
    expect(ingestStatusOf(report([accepted]))).toBe(202);
    expect(ingestStatusOf(report([duplicate]))).toBe(202);
    expect(ingestStatusOf(report([accepted, duplicate]))).toBe(202);
  });

  it('answers 207 when some events were accepted and some rejected', () => {
    expect(ingestStatusOf(report([accepted, rejected]))).toBe(207);
    expect(ingestStatusOf(report([duplicate, rejected]))).toBe(207);
  });

  it('answers 400 when no event was accepted', () => {
    expect(ingestStatusOf(report([rejected]))).toBe(400);
  });
});
