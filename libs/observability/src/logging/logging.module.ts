import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { toLogLevel } from './log-level.js';
import { pinoHttpOptions } from './pino-http.options.js';

export interface LoggingOptions {
  /** A LOG_LEVEL value: a pino level, or NestJS's `log` / `verbose`. */
  level: string;
  service: string;
  /** ACCESS_LOG_SAMPLE_RATE: the share of successful requests logged (errors always are). */
  accessLogSampleRate: number;
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
            accessLogSampleRate: options.accessLogSampleRate,
          }),
          forRoutes: ['{*splat}'],
        }),
      ],
    };
  }
}
