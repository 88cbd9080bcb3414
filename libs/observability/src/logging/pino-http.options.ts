import type { IncomingMessage, ServerResponse } from 'node:http';
import { stdTimeFunctions } from 'pino';
import type { Options } from 'pino-http';
import { AccessLogPolicy } from './access-log.js';
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

export interface PinoHttpSettings {
  level: LogLevel;
  service: string;
  /** Which requests get a line, at which level (see {@link accessLogPolicy}). */
  accessLog: AccessLogPolicy;
}

/** pino-http options shared by every app: JSON lines, ISO time, level names, service name. */
export function pinoHttpOptions(options: PinoHttpSettings): Options {
  return {
    level: options.level,
    base: { service: options.service },
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: REDACTED_PATHS,
    quietReqLogger: true,
    genReqId: (req: IncomingMessage) => requestIdFrom(req.headers[REQUEST_ID_HEADER]),
    // 'silent' makes pino-http skip the line before building anything.
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
      options.accessLog(res.statusCode, error),
    // Under Fastify's middleware layer `url` is relative to the mount point; `originalUrl` is whole.
    autoLogging: {
      ignore: (req: IncomingMessage & { originalUrl?: string }) =>
        QUIET_PATHS.test(req.originalUrl ?? req.url ?? ''),
    },
  };
}
