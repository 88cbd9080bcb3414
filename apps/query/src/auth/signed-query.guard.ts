import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { PATTERN_METADATA } from '@nestjs/microservices/constants.js';
import { QUERY_SIGNATURE_HEADER, verifyQueryRequest } from '@eventline/contracts';
import { natsHeaderOf } from '@eventline/messaging';
import { QueryUnauthenticatedError } from '../errors/query-unauthenticated.error.js';
import { QueryConfig } from '../query.config.js';

/**
 * Lets a query through only when the gateway signed it (docs/queries.md, "Who may ask"): the
 * scope in a request decides whose events it sees, so it is believed only with the gateway's
 * signature over it. NATS permissions (deploy/) are the second wall, not the only one.
 */
@Injectable()
export class SignedQueryGuard implements CanActivate {
  constructor(private readonly config: QueryConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const rpc = context.switchToRpc();
    const patterns: unknown = Reflect.getMetadata(PATTERN_METADATA, context.getHandler());
    const subject = String(Array.isArray(patterns) ? patterns[0] : patterns);
    const header = natsHeaderOf(rpc.getContext<NatsContext>().getHeaders?.(), QUERY_SIGNATURE_HEADER);
    const check = verifyQueryRequest(
      subject,
      rpc.getData(),
      header,
      this.config.QUERY_SIGNING_SECRET,
      Date.now(),
    );
    if (!check.ok) throw new QueryUnauthenticatedError(check.reason);
    return true;
  }
}
