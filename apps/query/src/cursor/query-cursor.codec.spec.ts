import { ErrorCode } from '@eventline/contracts';
import { QueryValidationError } from '../errors/query-validation.error.js';
import { QueryCursorCodec } from './query-cursor.codec.js';

const codec = new QueryCursorCodec('a-secret-of-sixteen+');
const binding = { kind: 'events', scope: 'shop', filter: { category: 'party' }, order: 'asc' };

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return error instanceof QueryValidationError ? error.errors?.[0]?.code : 'unexpected';
  }
}

describe('QueryCursorCodec', () => {
  it('gives back the position it encoded, for the same query', () => {
    const cursor = codec.encode(binding, [1632647727243860, 42, '0190a1b2-0000-7000-8000-000000000000']);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(codec.decode(cursor, { ...binding })).toEqual([
      1632647727243860,
      42,
      '0190a1b2-0000-7000-8000-000000000000',
    ]);
  });

  it('refuses a cursor whose position was edited', () => {
    const [, signature] = codec.encode(binding, [1, 2, 'a']).split('.');
    const forged = `${Buffer.from(JSON.stringify([0, 0, ''])).toString('base64url')}.${signature}`;
    expect(codeOf(() => codec.decode(forged, binding))).toBe(ErrorCode.InvalidCursor);
  });

  it('refuses a cursor issued for other filters, another scope or another secret', () => {
    const cursor = codec.encode(binding, [1, 2, 'a']);
    expect(codeOf(() => codec.decode(cursor, { ...binding, filter: { category: 'click' } }))).toBe(
      ErrorCode.InvalidCursor,
    );
    expect(codeOf(() => codec.decode(cursor, { ...binding, scope: 'other-app' }))).toBe(
      ErrorCode.InvalidCursor,
    );
    expect(codeOf(() => new QueryCursorCodec('another-secret-1234').decode(cursor, binding))).toBe(
      ErrorCode.InvalidCursor,
    );
  });

  it('refuses garbage without throwing anything but a validation error', () => {
    expect(codeOf(() => codec.decode('abc', binding))).toBe(ErrorCode.InvalidCursor);
    expect(codeOf(() => codec.decode('a.b.c', binding))).toBe(ErrorCode.InvalidCursor);
    expect(codeOf(() => codec.decode('.', binding))).toBe(ErrorCode.InvalidCursor);
  });
});
