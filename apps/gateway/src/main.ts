import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { exitIfPortTaken, loadConfigOrExit } from '@eventline/config';
import { exitOnSignals } from '@eventline/observability';
import { GatewayConfig } from './config/gateway.config.js';
import { createGatewayApp } from './gateway-app.factory.js';

// The one place the environment is read (docs/contributing.md, rule 3).
const config = loadConfigOrExit(GatewayConfig, process.env, 'eventline gateway', (c) => {
  c.apiKeys();
  c.livePublishers();
});

// Past this a stuck shutdown gives up; a request cut off is retried by its client.
const SHUTDOWN_TIMEOUT_MS = 10_000;

// Handlers first, before anything is awaited: a stop while the app still starts (a slow NATS) ends
// it at once. Closing stops accepting requests and lets those in flight finish (and get their PubAcks).
const started: { app?: NestFastifyApplication } = {};
exitOnSignals(async () => await started.app?.close(), { timeoutMs: SHUTDOWN_TIMEOUT_MS });
await exitIfPortTaken('eventline gateway', 'PORT', config.PORT, config.HOST);
const app = (started.app = await createGatewayApp(config));
await app.listen(config.PORT, config.HOST);
