import 'reflect-metadata';
import { ConfigValidationError, loadConfig } from '@eventline/config';
import { QueryConfig } from './query.config.js';
import { startQueryService } from './query-service.factory.js';

let config: QueryConfig;
try {
  config = loadConfig(QueryConfig, process.env);
} catch (error) {
  if (!(error instanceof ConfigValidationError)) throw error;
  console.error(`eventline query: ${error.message}`);
  process.exit(1);
}

const app = await startQueryService(config);
app.enableShutdownHooks();
