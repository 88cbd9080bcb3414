import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { toLogLevel } from './log-level.js';
import { loggerOptions } from './logger.options.js';

export interface LoggingOptions {
  /** A LOG_LEVEL value: a pino level, or NestJS's `log` / `verbose`. */
  level: string;
  service: string;
}

/**
 * Structured JSON logs through nestjs-pino. The app makes it Nest's logger in main.ts:
 * `NestFactory.create(..., { bufferLogs: true })` then `app.useLogger(app.get(Logger))`, and
 * writes its access log with {@link addAccessLog}.
 *
 * Without pino-http's per-request middleware (`forRoutes: []`): mounted through middie, it built
 * two child loggers per request (one serialising and redacting the headers) and an
 * AsyncLocalStorage scope on every route, whether or not a line was written — the largest
 * framework cost left on the ingest hot path (docs/benchmarks.md). A line written inside a request
 * names it itself (the 500's `correlation_id`).
 */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: loggerOptions({ level: toLogLevel(options.level), service: options.service }),
          forRoutes: [],
        }),
      ],
    };
  }
}
