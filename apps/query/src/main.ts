import 'reflect-metadata';
import { ConfigValidationError, loadConfig } from '@eventline/config';
import { exitOnSignals } from '@eventline/observability';
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
// Closing unsubscribes first, then lets in-flight queries answer.
exitOnSignals(() => app.close(), { timeoutMs: SHUTDOWN_TIMEOUT_MS });
