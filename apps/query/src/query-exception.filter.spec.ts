import { ArgumentsHost, Logger } from '@nestjs/common';
import { firstValueFrom } from 'rxjs';
import { jest } from '@jest/globals';
import { ErrorCode, QueryErrorKind, QueryErrorReply } from '@eventline/contracts';
import { StorageUnavailableError } from '@eventline/storage';
import { QueryValidationError } from './errors/query-validation.error.js';
import { SessionNotFoundError } from './errors/session-not-found.error.js';
import { QueryExceptionFilter } from './query-exception.filter.js';

const host = {
  switchToRpc: () => ({ getContext: () => ({ getHeaders: () => ({ get: () => 'req-42' }) }) }),
} as unknown as ArgumentsHost;

function replyTo(exception: unknown): Promise<unknown> {
  return firstValueFrom(new QueryExceptionFilter().catch(exception, host)).catch((reply: unknown) => reply);
}

describe('QueryExceptionFilter', () => {
  it('replies with the field errors of a validation error', async () => {
    const error = new QueryValidationError([
      { field: 'limit', code: ErrorCode.InvalidLimit, message: 'limit too big' },
    ]);
    expect(await replyTo(error)).toEqual({
      kind: QueryErrorKind.Validation,
      code: ErrorCode.InvalidLimit,
      message: 'limit too big',
      errors: [{ field: 'limit', code: ErrorCode.InvalidLimit, message: 'limit too big' }],
    });
  });

  it('replies not_found for a session outside the scope', async () => {
    expect(await replyTo(new SessionNotFoundError('s'))).toMatchObject({
      kind: QueryErrorKind.NotFound,
      code: ErrorCode.NotFound,
    });
  });

  it('replies unavailable when the store is unreachable', async () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    expect(await replyTo(new StorageUnavailableError('the event store is unavailable: down'))).toMatchObject({
      kind: QueryErrorKind.Unavailable,
      code: ErrorCode.QueryUnavailable,
    });
  });

  it('hides an unexpected error behind an error id, logged once with the correlation id and carried in the reply', async () => {
    const log = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const reply = (await replyTo(new TypeError('secret detail'))) as QueryErrorReply;
    expect(reply.kind).toBe(QueryErrorKind.Internal);
    expect(reply.message).not.toContain('secret detail');
    const errorId = reply.error_id;
    expect(errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply.message).toContain(errorId);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0][0]).toEqual(
      expect.stringContaining(`error_id=${errorId} correlation_id=req-42`),
    );
  });
});
