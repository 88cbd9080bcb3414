import 'reflect-metadata';
import { loadConfig } from '@eventline/config';
import { QueryConfig } from './query.config.js';
import { startQueryService } from './query-service.factory.js';

// eslint-disable-next-line no-restricted-properties -- the entry point is where the environment is read
const app = await startQueryService(loadConfig(QueryConfig, process.env));
app.enableShutdownHooks();
