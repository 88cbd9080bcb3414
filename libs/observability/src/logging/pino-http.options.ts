import type { IncomingMessage, ServerResponse } from 'node:http';
import { stdTimeFunctions } from 'pino';
import type { Options } from 'pino-http';
import { LogLevel } from './log-level.js';
import { REQUEST_ID_HEADER, requestIdFrom } from './request-id.js';

/**
 * Paths pino replaces with `[Redacted]`, at every level: credentials, and event `data` (personal
 * data, unbounded size) wherever a log call might carry an event.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'authorization',
  'data',
  'event.data',
  'events[*].data',
  'body',
  'req.body',
];

// Probes and scrapes every few seconds would drown the request log.
const QUIET_PATHS = /^\/(health\/|metrics(\?|$))/;

/** pino-http options shared by every app: JSON lines, ISO time, level names, service name. */
export function pinoHttpOptions(options: { level: LogLevel; service: string }): Options {
  return {
    level: options.level,
    base: { service: options.service },
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: REDACTED_PATHS,
    quietReqLogger: true,
    genReqId: (req: IncomingMessage) => requestIdFrom(req.headers[REQUEST_ID_HEADER]),
    // 503 and 504 say a dependency (NATS, a service answering over it) is away: the client retries, and
    // readiness already reports it, so they are warnings; other 5xx are our faults.
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
      res.statusCode === 503 || res.statusCode === 504
        ? 'warn'
        : error || res.statusCode >= 500
          ? 'error'
          : 'info',
    // Under Fastify's middleware layer `url` is relative to the mount point; `originalUrl` is whole.
    autoLogging: {
      ignore: (req: IncomingMessage & { originalUrl?: string }) =>
        QUIET_PATHS.test(req.originalUrl ?? req.url ?? ''),
    },
  };
}
