import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ClientNats } from '@nestjs/microservices';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import {
  DomainError,
  ErrorCode,
  EventHeader,
  InternalError,
  isQueryErrorReply,
  QueryErrorKind,
  QUERY_SIGNATURE_HEADER,
  QueryErrorReply,
  QueryRequest,
  QuerySubject,
  queryTimeLimitMs,
  UUID_PATTERN,
  signQueryRequest,
} from '@eventline/contracts';
import { natsRecordWithHeaders } from '@eventline/messaging';
import { GatewayConfig } from '../config/gateway.config.js';
import { QUERY_CLIENT } from './query-client.provider.js';

/**
 * Asks the query service over NATS request-reply and turns every way that can fail into a
 * {@link DomainError}: the service's typed error replies keep their code (400/404/503/504/500, a 500
 * as an {@link InternalError} with the id the service logged it under); no replica listening
 * (NATS answers "no responders" at once) or NATS unreachable → 503 `query_unavailable`; no answer
 * within QUERY_TIMEOUT_MS → 504 `query_timeout`. Every request is
 * signed with QUERY_SIGNING_SECRET, valid until the gateway stops waiting for it: the query
 * service answers nothing else.
 */
@Injectable()
export class QueryBusService implements OnApplicationShutdown {
  private readonly logger = new Logger('QueryBusService');

  constructor(
    @Inject(QUERY_CLIENT) private readonly client: ClientNats,
    private readonly config: GatewayConfig,
  ) {}

  async ask<T>(subject: QuerySubject, request: QueryRequest, correlationId: string): Promise<T> {
    try {
      const timed: QueryRequest = {
        ...request,
        time_limit_ms: queryTimeLimitMs(this.config.QUERY_TIMEOUT_MS),
      };
      const expiresAtMs = Date.now() + this.config.QUERY_TIMEOUT_MS;
      const record = natsRecordWithHeaders(timed, {
        [EventHeader.CorrelationId]: correlationId,
        [QUERY_SIGNATURE_HEADER]: signQueryRequest(
          subject,
          timed,
          this.config.QUERY_SIGNING_SECRET,
          expiresAtMs,
        ),
      });
      const reply$ = this.client.send<T>(subject, record).pipe(timeout(this.config.QUERY_TIMEOUT_MS));
      return await firstValueFrom(reply$);
    } catch (error) {
      throw this.toDomainError(error);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  private toDomainError(error: unknown): DomainError {
    if (error instanceof TimeoutError) {
      return new DomainError(
        ErrorCode.QueryTimeout,
        `the query service did not answer within ${this.config.QUERY_TIMEOUT_MS} ms`,
      );
    }
    if (isQueryErrorReply(error)) return fromReply(error);
    // Anything else comes from the transport: no responders, a lost or refused connection.
    this.logger.warn(`query service unreachable: ${error instanceof Error ? error.message : String(error)}`);
    return new DomainError(ErrorCode.QueryUnavailable, 'the query service is unavailable; retry shortly');
  }
}

function fromReply(reply: QueryErrorReply): DomainError {
  switch (reply.kind) {
    case QueryErrorKind.Validation: {
      const first = reply.errors?.[0];
      return new DomainError(first?.code ?? reply.code, reply.message, first?.field);
    }
    case QueryErrorKind.NotFound:
      return new DomainError(ErrorCode.NotFound, reply.message);
    case QueryErrorKind.Unavailable:
      return new DomainError(ErrorCode.QueryUnavailable, reply.message);
    case QueryErrorKind.Unauthenticated:
      // The service refused the gateway's own signature: QUERY_SIGNING_SECRET differs between them.
      return new DomainError(ErrorCode.Internal, `the query service refused the request: ${reply.message}`);
    case QueryErrorKind.Busy:
      return new DomainError(ErrorCode.QueryBusy, reply.message);
    case QueryErrorKind.Timeout:
      return new DomainError(ErrorCode.QueryTimeout, reply.message);
    default:
      // The query service logged it under this id (a UUID; nothing else is echoed to the caller).
      // Without one, the gateway's filter logs it.
      return typeof reply.error_id === 'string' && UUID_PATTERN.test(reply.error_id)
        ? new InternalError(reply.error_id)
        : new DomainError(ErrorCode.Internal, reply.message);
  }
}
