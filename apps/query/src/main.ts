import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { exitIfPortTaken, loadConfigOrExit } from '@eventline/config';
import { exitOnSignals } from '@eventline/observability';
import { QueryConfig } from './query.config.js';
import { createQueryService } from './query-service.factory.js';

// Past this a stuck shutdown gives up; an unanswered query times out at the gateway, nothing is lost.
const SHUTDOWN_TIMEOUT_MS = 10_000;

const config = loadConfigOrExit(QueryConfig, process.env, 'eventline query');

// Handlers first, before anything is awaited: a stop while the app still starts ends it at once.
// Closing unsubscribes first, then lets in-flight queries answer.
const started: { app?: INestApplication } = {};
exitOnSignals(async () => await started.app?.close(), { timeoutMs: SHUTDOWN_TIMEOUT_MS });
await exitIfPortTaken('eventline query', 'HEALTH_PORT', config.HEALTH_PORT, config.HEALTH_HOST);
const app = (started.app = await createQueryService(config));
// Subscribes once NATS is there (at once when it is); the health probes answer meanwhile.
await app.startAllMicroservices();
