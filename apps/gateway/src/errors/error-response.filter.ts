import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  DomainError,
  ErrorCode,
  errorCodeForStatus,
  httpStatusFor,
  InternalError,
} from '@eventline/contracts';
import { correlationIdOf } from '../http/correlation-id.decorator.js';
import { ErrorResponseBody } from './error-response.body.js';

/**
 * Turns every error into `{ "error": { code, message, field?, error_id? } }`: domain errors by
 * their code, HTTP errors from Fastify's parser or Nest's router by their status. Anything else
 * is a fault of ours: a 500 whose error id is logged once, with the request's correlation id —
 * here, or already by the query service for an {@link InternalError}, whose id is passed on.
 */
@Catch()
export class ErrorResponseFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorResponseFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    // The client went away mid-body (or was cut off with a 408): no one to answer, no fault of ours.
    if (request.raw?.destroyed && (exception as { code?: unknown } | null)?.code === 'ECONNRESET') return;
    const { status, body } = this.describe(exception, request);
    if (status === 401) void reply.header('WWW-Authenticate', 'Bearer');
    // A busy query replica frees a slot within a query's time: worth one retry a second later.
    if (body.error.code === ErrorCode.QueryBusy) void reply.header('Retry-After', '1');
    void reply.status(status).send(body);
  }

  private describe(exception: unknown, request: FastifyRequest): { status: number; body: ErrorResponseBody } {
    if (exception instanceof InternalError) return internalError(exception.errorId);
    if (exception instanceof DomainError) {
      const status = httpStatusFor(exception.code);
      if (status < 500 || exception.code !== ErrorCode.Internal) {
        const error: ErrorResponseBody['error'] = { code: exception.code, message: exception.message };
        if (exception.field !== undefined) error.field = exception.field;
        return { status, body: { error } };
      }
    }
    const clientError = clientErrorOf(exception);
    if (clientError) {
      return {
        status: clientError.status,
        body: { error: { code: errorCodeForStatus(clientError.status), message: clientError.message } },
      };
    }
    const errorId = randomUUID();
    this.logger.error(
      `error_id=${errorId} correlation_id=${correlationIdOf(request)} ${request.method} ${request.url}: ${describe(exception)}`,
      exception instanceof Error ? exception.stack : undefined,
    );
    return internalError(errorId);
  }
}

function internalError(errorId: string): { status: number; body: ErrorResponseBody } {
  return {
    status: 500,
    body: {
      error: { code: ErrorCode.Internal, message: 'internal error; quote the error_id', error_id: errorId },
    },
  };
}

/**
 * A 4xx raised outside our code: Nest's HttpException (Fastify's parser errors arrive wrapped in
 * one, e.g. body too large or bad JSON), or a plugin's own error carrying `statusCode`, as
 * @fastify/compress does for an unsupported or corrupt Content-Encoding.
 */
function clientErrorOf(exception: unknown): { status: number; message: string } | undefined {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const cause = exception.cause instanceof Error ? exception.cause : undefined;
    return status < 500 ? { status, message: cause?.message ?? exception.message } : undefined;
  }
  const status = (exception as { statusCode?: unknown } | null)?.statusCode;
  if (exception instanceof Error && typeof status === 'number' && status >= 400 && status < 500) {
    return { status, message: exception.message };
  }
  return undefined;
}

function describe(exception: unknown): string {
  return exception instanceof Error ? `${exception.name}: ${exception.message}` : String(exception);
}
