import { stdTimeFunctions } from 'pino';
import type { Options } from 'pino-http';
import { LogLevel } from './log-level.js';

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

export interface LoggerSettings {
  level: LogLevel;
  service: string;
}

/**
 * The logger every app shares: JSON lines, ISO time, level names, service name, redaction. Given
 * to nestjs-pino as its pino-http options, whose logger brings the `req` / `res` serializers the
 * access log ({@link accessLogHook}) writes with; no pino-http middleware runs (LoggingModule).
 */
export function loggerOptions(options: LoggerSettings): Options {
  return {
    level: options.level,
    base: { service: options.service },
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: REDACTED_PATHS,
  };
}
