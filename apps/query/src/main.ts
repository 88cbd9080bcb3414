import 'reflect-metadata';
import { exitIfPortTaken, loadConfigOrExit } from '@eventline/config';
import { exitOnSignals } from '@eventline/observability';
import { QueryConfig } from './query.config.js';
import { createQueryService } from './query-service.factory.js';

// Past this a stuck shutdown gives up; an unanswered query times out at the gateway, nothing is lost.
const SHUTDOWN_TIMEOUT_MS = 10_000;

const config = loadConfigOrExit(QueryConfig, process.env, 'eventline query');
await exitIfPortTaken('eventline query', 'HEALTH_PORT', config.HEALTH_PORT, config.HEALTH_HOST);

const app = await createQueryService(config);
// Closing unsubscribes first, then lets in-flight queries answer.
exitOnSignals(() => app.close(), { timeoutMs: SHUTDOWN_TIMEOUT_MS });
// Subscribes once NATS is there (at once when it is); the health probes answer meanwhile.
await app.startAllMicroservices();
