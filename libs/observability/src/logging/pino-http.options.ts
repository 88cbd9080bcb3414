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

export interface PinoHttpSettings {
  level: LogLevel;
  service: string;
  /** Share of successful (< 400) requests that get an access-log line; 4xx and 5xx always do. */
  accessLogSampleRate: number;
  /** Injected for tests; defaults to Math.random. */
  random?: () => number;
}

/**
 * pino-http options shared by every app: JSON lines, ISO time, level names, service name. A
 * successful request is logged only when sampled: its line (redaction, serialisation, a write to
 * stdout) was the largest single cost of the ingest hot path (docs/benchmarks.md), while the
 * metrics count every request. A request that failed is always logged.
 */
export function pinoHttpOptions(options: PinoHttpSettings): Options {
  const { accessLogSampleRate: rate, random = Math.random } = options;
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
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) => {
      if (res.statusCode === 503 || res.statusCode === 504) return 'warn';
      if (error || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400 || rate >= 1) return 'info';
      // 'silent' makes pino-http skip the line before building anything.
      return rate > 0 && random() < rate ? 'info' : 'silent';
    },
    // Under Fastify's middleware layer `url` is relative to the mount point; `originalUrl` is whole.
    autoLogging: {
      ignore: (req: IncomingMessage & { originalUrl?: string }) =>
        QUIET_PATHS.test(req.originalUrl ?? req.url ?? ''),
    },
  };
}
