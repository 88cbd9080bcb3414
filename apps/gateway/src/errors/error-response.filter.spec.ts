import { jest } from '@jest/globals';
import { ArgumentsHost, HttpException, Logger, NotFoundException } from '@nestjs/common';
import { DomainError, ErrorCode, InternalError } from '@eventline/contracts';
import { ErrorResponseFilter } from './error-response.filter.js';

/** Catches what the filter sends, as a Fastify reply would. */
function respond(exception: unknown): { status: number; body: unknown; headers: Record<string, string> } {
  const sent = { status: 0, body: undefined as unknown, headers: {} as Record<string, string> };
  const reply = {
    header: (name: string, value: string) => ((sent.headers[name] = value), reply),
    status: (status: number) => ((sent.status = status), reply),
    send: (body: unknown) => ((sent.body = body), reply),
  };
  const request = { id: 'corr-1', method: 'POST', url: '/v1/events' };
  const host = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  new ErrorResponseFilter().catch(exception, host);
  return sent;
}

describe('ErrorResponseFilter', () => {
  it('answers a domain error with its code, field and the status of the code', () => {
    expect(respond(new DomainError(ErrorCode.UntrustedApp, 'not yours', 'name'))).toMatchObject({
      status: 403,
      body: { error: { code: 'untrusted_app', message: 'not yours', field: 'name' } },
    });
    expect(respond(new DomainError(ErrorCode.BrokerUnavailable, 'down')).status).toBe(503);
  });

  it('asks for Bearer credentials on a 401', () => {
    expect(respond(new DomainError(ErrorCode.Unauthorized, 'no key')).headers).toEqual({
      'WWW-Authenticate': 'Bearer',
    });
  });

  it('maps client errors raised by Fastify or Nest by their status', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      name: 'FastifyError',
    });
    expect(respond(new HttpException('Payload Too Large', 413, { cause: tooLarge }))).toEqual({
      status: 413,
      headers: {},
      body: { error: { code: 'body_too_large', message: 'Request body is too large' } },
    });
    expect(respond(new NotFoundException('Cannot GET /nope')).body).toEqual({
      error: { code: 'not_found', message: 'Cannot GET /nope' },
    });
    const badEncoding = Object.assign(new Error('Unsupported Content-Encoding: zz'), { statusCode: 415 });
    expect(respond(badEncoding)).toMatchObject({
      status: 415,
      body: { error: { code: 'unsupported_media_type' } },
    });
  });

  it('answers anything else with a 500 whose error id is logged once, with the correlation id', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const { status, body } = respond(new TypeError('boom'));
      const errorId = (body as { error: { error_id: string } }).error.error_id;
      expect(status).toBe(500);
      expect(body).toEqual({
        error: { code: 'internal_error', message: expect.any(String), error_id: expect.any(String) },
      });
      expect(JSON.stringify(body)).not.toContain('boom');
      expect(logged).toHaveBeenCalledTimes(1);
      expect(logged.mock.calls[0][0]).toEqual(expect.stringContaining(errorId));
      expect(logged.mock.calls[0][0]).toEqual(expect.stringContaining('corr-1'));
    } finally {
      logged.mockRestore();
    }
  });

  it('answers a fault the query service already logged with its error id, without logging it again', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const errorId = '0f6c2f3e-8d1a-4c1e-9b7a-2d4e5f6a7b8c';
      expect(respond(new InternalError(errorId))).toEqual({
        status: 500,
        headers: {},
        body: { error: { code: 'internal_error', message: expect.any(String), error_id: errorId } },
      });
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });
});
