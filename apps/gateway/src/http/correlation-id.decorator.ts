import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * A request's correlation id: its `X-Request-Id`, given or generated (Fastify's request id), which
 * the gateway logs as `reqId` and carries through NATS as `Eventline-Correlation-Id`.
 */
export function correlationIdOf(request: FastifyRequest): string {
  return request.id;
}

/** The handler's parameter holding {@link correlationIdOf} the request. */
export const CorrelationId = createParamDecorator((_: unknown, context: ExecutionContext): string =>
  correlationIdOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
