import 'reflect-metadata';
import { ConfigValidationError, loadConfig } from '@eventline/config';
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

const app = await createGatewayApp(config);
app.enableShutdownHooks();
await app.listen(config.PORT, config.HOST);
