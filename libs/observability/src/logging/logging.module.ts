import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { accessLogPolicy } from './access-log.js';
import { toLogLevel } from './log-level.js';
import { pinoHttpOptions } from './pino-http.options.js';

export interface LoggingOptions {
  /** A LOG_LEVEL value: a pino level, or NestJS's `log` / `verbose`. */
  level: string;
  service: string;
  /** ACCESS_LOG_SAMPLE_RATE: the share of successful requests logged (errors always are). */
  accessLogSampleRate: number;
  /**
   * Routes kept out of pino-http's per-request middleware, whose requests the app logs with
   * {@link accessLogHook} instead (no request-scoped child logger on them).
   */
  unloggedRoutes?: Array<{ method: RequestMethod; path: string }>;
}

/**
 * Structured JSON logs through nestjs-pino. The app makes it Nest's logger in main.ts:
 * `NestFactory.create(..., { bufferLogs: true })` then `app.useLogger(app.get(Logger))`.
 * nestjs-pino's default route `{/*splat}` is not matched by the Fastify adapter of NestJS 12,
 * hence the explicit `{*splat}`.
 */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: pinoHttpOptions({
            level: toLogLevel(options.level),
            service: options.service,
            accessLog: accessLogPolicy(options.accessLogSampleRate),
          }),
          forRoutes: ['{*splat}'],
          ...(options.unloggedRoutes?.length ? { exclude: options.unloggedRoutes } : {}),
        }),
      ],
    };
  }
}
