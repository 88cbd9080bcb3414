import 'reflect-metadata';
import { ConfigValidationError, loadConfig } from '@eventline/config';
import { exitOnSignals } from '@eventline/observability';
import { loadApiKeys } from './auth/api-keys.loader.js';
import { GatewayConfig } from './config/gateway.config.js';
import { createGatewayApp } from './gateway-app.factory.js';

let config: GatewayConfig;
try {
  // The one place the environment is read (STYLE.md rule 3).
  config = loadConfig(GatewayConfig, process.env);
  loadApiKeys(config);
} catch (error) {
  if (!(error instanceof ConfigValidationError)) throw error;
  console.error(`eventline gateway: ${error.message}`);
  process.exit(1);
}

// Past this a stuck shutdown gives up; a request cut off is retried by its client.
const SHUTDOWN_TIMEOUT_MS = 10_000;

const app = await createGatewayApp(config);
// Closing stops accepting requests and lets those in flight finish (and get their PubAcks).
exitOnSignals(() => app.close(), { timeoutMs: SHUTDOWN_TIMEOUT_MS });
await app.listen(config.PORT, config.HOST);
