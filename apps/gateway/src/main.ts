import 'reflect-metadata';
import { exitIfPortTaken, loadConfigOrExit } from '@eventline/config';
import { exitOnSignals } from '@eventline/observability';
import { GatewayConfig } from './config/gateway.config.js';
import { createGatewayApp } from './gateway-app.factory.js';

// The one place the environment is read (docs/contributing.md, rule 3).
const config = loadConfigOrExit(GatewayConfig, process.env, 'eventline gateway', (c) => c.apiKeys());
await exitIfPortTaken('eventline gateway', 'PORT', config.PORT, config.HOST);

// Past this a stuck shutdown gives up; a request cut off is retried by its client.
const SHUTDOWN_TIMEOUT_MS = 10_000;

const app = await createGatewayApp(config);
// Closing stops accepting requests and lets those in flight finish (and get their PubAcks).
exitOnSignals(() => app.close(), { timeoutMs: SHUTDOWN_TIMEOUT_MS });
await app.listen(config.PORT, config.HOST);
