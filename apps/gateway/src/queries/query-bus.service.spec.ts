import { Logger } from '@nestjs/common';
import { ClientNats } from '@nestjs/microservices';
import { EmptyResponseException } from '@nestjs/microservices/errors/empty-response.exception.js';
import { NEVER, Observable, of, throwError } from 'rxjs';
import { jest } from '@jest/globals';
import {
  DomainError,
  ErrorCode,
  InternalError,
  QueryErrorKind,
  QueryRequest,
  QUERY_SIGNATURE_HEADER,
  QuerySubject,
  queryTimeLimitMs,
  verifyQueryRequest,
} from '@eventline/contracts';
import { GatewayConfig } from '../config/gateway.config.js';
import { QueryBusService } from './query-bus.service.js';

const request = { scope: { app: 'shop', all: false }, params: {} };
const SECRET = 'x'.repeat(16);

function busAnswering(reply: Observable<unknown>): QueryBusService {
  const client = { send: () => reply } as unknown as ClientNats;
  return new QueryBusService(
    client,
    Object.assign(new GatewayConfig(), { QUERY_TIMEOUT_MS: 100, QUERY_SIGNING_SECRET: SECRET }),
  );
}

async function failureOf(reply: Observable<unknown>): Promise<DomainError> {
  const error = await busAnswering(reply)
    .ask(QuerySubject.EventsList, request, 'req-1')
    .catch((e: unknown) => e);
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

describe('QueryBusService', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));

  it('returns the page the query service replied', async () => {
    await expect(
      busAnswering(of({ items: [], next_cursor: null })).ask(QuerySubject.EventsList, request, 'r'),
    ).resolves.toEqual({
      items: [],
      next_cursor: null,
    });
  });

  it('tells the query service how long it may work (less than QUERY_TIMEOUT_MS), in what it signs', async () => {
    let sent: { data?: QueryRequest; headers?: { get(name: string): string } } | undefined;
    const client = {
      send: (_: string, record: typeof sent) => ((sent = record), of({ items: [], next_cursor: null })),
    } as unknown as ClientNats;
    const config = Object.assign(new GatewayConfig(), {
      QUERY_TIMEOUT_MS: 5000,
      QUERY_SIGNING_SECRET: SECRET,
    });
    await new QueryBusService(client, config).ask(QuerySubject.EventsList, request, 'r');
    expect(sent?.data).toMatchObject({ ...request, time_limit_ms: queryTimeLimitMs(5000) });
    // The query service verifies the payload it receives, time limit included.
    const header = sent?.headers?.get(QUERY_SIGNATURE_HEADER);
    expect(verifyQueryRequest(QuerySubject.EventsList, sent?.data, header, SECRET, Date.now())).toEqual({
      ok: true,
    });
    expect(queryTimeLimitMs(5000)).toBe(4500);
    expect(queryTimeLimitMs(100)).toBe(80);
  });

  it('keeps the code and first field of a validation reply', async () => {
    const error = await failureOf(
      throwError(() => ({
        kind: QueryErrorKind.Validation,
        code: ErrorCode.InvalidCursor,
        message: 'cursor was not issued for this query',
        errors: [
          { field: 'cursor', code: ErrorCode.InvalidCursor, message: 'cursor was not issued for this query' },
        ],
      })),
    );
    expect([error.code, error.field]).toEqual([ErrorCode.InvalidCursor, 'cursor']);
  });

  it.each([
    [QueryErrorKind.NotFound, ErrorCode.NotFound],
    [QueryErrorKind.Unavailable, ErrorCode.QueryUnavailable],
    [QueryErrorKind.Busy, ErrorCode.QueryBusy],
    [QueryErrorKind.Timeout, ErrorCode.QueryTimeout],
    [QueryErrorKind.Internal, ErrorCode.Internal],
  ])('maps a %s reply to %s', async (kind, code) => {
    expect((await failureOf(throwError(() => ({ kind, code: 'whatever', message: 'm' })))).code).toBe(code);
  });

  it('keeps the error id an internal reply was logged under, and only a well-formed one', async () => {
    const errorId = '0f6c2f3e-8d1a-4c1e-9b7a-2d4e5f6a7b8c';
    const internal = (error_id: unknown) =>
      failureOf(
        throwError(() => ({
          kind: QueryErrorKind.Internal,
          code: ErrorCode.Internal,
          message: 'm',
          error_id,
        })),
      );
    const logged = await internal(errorId);
    expect(logged).toBeInstanceOf(InternalError);
    expect((logged as InternalError).errorId).toBe(errorId);
    for (const odd of [undefined, 'not <an> id', 42]) {
      const error = await internal(odd);
      expect([error instanceof InternalError, error.code]).toEqual([false, ErrorCode.Internal]);
    }
  });

  it('answers query_unavailable when no replica listens (NATS "no responders")', async () => {
    const error = await failureOf(throwError(() => new EmptyResponseException('query.events.list')));
    expect(error.code).toBe(ErrorCode.QueryUnavailable);
  });

  it('answers query_timeout when no reply comes within QUERY_TIMEOUT_MS', async () => {
    expect((await failureOf(NEVER)).code).toBe(ErrorCode.QueryTimeout);
  });
});
