import { randomUUID } from 'node:crypto';

/** The header a request id arrives in and is echoed back in. */
export const REQUEST_ID_HEADER = 'x-request-id';

// A caller's id is logged and forwarded on NATS: bounded and plain, so it cannot forge log lines.
const ACCEPTABLE_ID = /^[\w.:-]{1,128}$/;

/** The caller's `X-Request-Id` when it is a sane token, else a new UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && ACCEPTABLE_ID.test(value) ? value : randomUUID();
}

/**
 * Fastify adapter options that make Fastify's request id (which pino-http logs as `reqId`, and an
 * app forwards on NATS as `Eventline-Correlation-Id`) the caller's `X-Request-Id`, or a new UUID:
 * `new FastifyAdapter({ ...fastifyRequestIdOptions })`.
 */
export const fastifyRequestIdOptions = {
  genReqId: (req: { headers: Record<string, string | string[] | undefined> }) =>
    requestIdFrom(req.headers[REQUEST_ID_HEADER]),
};
