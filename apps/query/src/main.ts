import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigValidationError, loadConfig } from '@eventline/config';
import { QueryConfig } from './query.config.js';
import { startQueryService } from './query-service.factory.js';

// Past this a stuck shutdown gives up; an unanswered query times out at the gateway, nothing is lost.
const SHUTDOWN_TIMEOUT_MS = 10_000;

let config: QueryConfig;
try {
  config = loadConfig(QueryConfig, process.env);
} catch (error) {
  if (!(error instanceof ConfigValidationError)) throw error;
  console.error(`eventline query: ${error.message}`);
  process.exit(1);
}

const app = await startQueryService(config);
const logger = new Logger('Main');

// Not Nest's enableShutdownHooks: it re-raises the signal after closing, so the exit status would
// be 143 instead of 0. Closing unsubscribes first, then lets in-flight queries answer.
let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  setTimeout(() => {
    logger.error(`shutdown took longer than ${SHUTDOWN_TIMEOUT_MS} ms; exiting`);
    process.exit(1);
  }, SHUTDOWN_TIMEOUT_MS).unref();
  logger.log(`${signal}: shutting down`);
  await app.close();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
