import { createHash, randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createGatewayApp } from '../../apps/gateway/src/gateway-app.factory.js';
import { GatewayConfig } from '../../apps/gateway/src/config/gateway.config.js';
import { ApiScope } from '../../apps/gateway/src/auth/api-scope.js';
import { testServers } from './test-environment.js';

/** A key a test presents, and the configuration entry that knows only its digest. */
export interface TestApiKey {
  key: string;
  entry: { app: string; key_sha256: string; scopes: ApiScope[] };
}

export function testApiKey(app: string, scopes: ApiScope[]): TestApiKey {
  const key = randomBytes(24).toString('base64url');
  return { key, entry: { app, key_sha256: createHash('sha256').update(key).digest('hex'), scopes } };
}

export interface RunningGateway {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  config: GatewayConfig;
  app: NestFastifyApplication;
  close(): Promise<void>;
}

/** Runs the gateway in-process on a free port, with the same HTTP setup as main.ts. */
export async function startGateway(
  settings: { natsUrl: string; namespace: string; keys: TestApiKey[] } & Partial<GatewayConfig>,
): Promise<RunningGateway> {
  const { natsUrl, namespace, keys, ...overrides } = settings;
  const config = Object.assign(new GatewayConfig(), {
    NATS_URL: natsUrl,
    // Readiness pings MongoDB: the shared test server, unless a test brings its own.
    MONGO_URL: testServers().mongoUrl,
    EVENTLINE_NAMESPACE: namespace,
    LOG_LEVEL: 'error',
    // Jest cannot load the Swagger UI's static-file plugin; the document itself is still served.
    DOCS_UI: 'off',
    API_KEYS: JSON.stringify(keys.map((k) => k.entry)),
    GATEWAY_SIGNING_SECRET: randomBytes(16).toString('hex'),
    ...overrides,
  });
  const app = await createGatewayApp(config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, config, app, close: () => app.close() };
}
