import { ConsoleLogger, type LogLevel } from '@nestjs/common';

/**
 * Nest's logger for the one-off commands (`npm run dlq:replay`, `npm run sessions:backfill`):
 * JSON lines on stderr only, so stdout carries the command's result alone.
 */
export class StderrLogger extends ConsoleLogger {
  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    _stream?: 'stdout' | 'stderr',
    errorStack?: unknown,
  ): void {
    super.printMessages(messages, context, logLevel, 'stderr', errorStack);
  }
}
