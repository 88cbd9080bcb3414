import { createHmac, timingSafeEqual } from 'node:crypto';
import { ErrorCode } from '@eventline/contracts';
import { QueryValidationError } from '../errors/query-validation.error.js';

/**
 * Opaque, tamper-evident page cursors: `base64url(JSON position).base64url(HMAC-SHA256)`.
 * The MAC covers the position and the query it belongs to (kind, scope, filters — not the page
 * size), so a forged or edited cursor, or one carried over to another query or another key's
 * scope, is refused. Hand-written because it is ten lines over node:crypto; a JWT library
 * would add headers and algorithms nobody here needs.
 */
export class QueryCursorCodec {
  constructor(private readonly secret: string) {}

  encode(binding: unknown, position: readonly (string | number)[]): string {
    const payload = Buffer.from(JSON.stringify(position)).toString('base64url');
    return `${payload}.${this.sign(binding, payload).toString('base64url')}`;
  }

  /** The position in `cursor`, or a validation error when the cursor is not ours for this query. */
  decode(cursor: string, binding: unknown): unknown[] {
    const [payload, signature, extra] = cursor.split('.');
    const expected = this.sign(binding, payload ?? '');
    const given = Buffer.from(signature ?? '', 'base64url');
    if (extra !== undefined || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw invalidCursor('cursor was not issued for this query');
    }
    const position: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (!Array.isArray(position)) throw invalidCursor('cursor is malformed');
    return position;
  }

  private sign(binding: unknown, payload: string): Buffer {
    return createHmac('sha256', this.secret)
      .update(JSON.stringify(binding))
      .update('\n')
      .update(payload)
      .digest();
  }
}

export function invalidCursor(message: string): QueryValidationError {
  return new QueryValidationError([{ field: 'cursor', code: ErrorCode.InvalidCursor, message }]);
}
