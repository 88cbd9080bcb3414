import { Logger } from '@nestjs/common';

/**
 * On SIGTERM or SIGINT: run `close` (stop taking work, finish what is in hand), then exit 0;
 * exit 1 if that takes longer than `timeoutMs`. Not Nest's `enableShutdownHooks`: it re-raises the
 * signal after closing, so the exit status would be 143 and orchestrators would report a crash.
 */
export function exitOnSignals(close: () => Promise<void>, { timeoutMs }: { timeoutMs: number }): void {
  const logger = new Logger('Shutdown');
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    setTimeout(() => {
      logger.error(`shutdown took longer than ${timeoutMs} ms; exiting`);
      process.exit(1);
    }, timeoutMs).unref();
    logger.log({ msg: 'shutting down', signal });
    await close();
    logger.log({ msg: 'stopped' });
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
