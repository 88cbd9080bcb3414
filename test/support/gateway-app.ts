import { createHash, randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createGatewayApp } from '../../apps/gateway/src/gateway-app.factory.js';
import { GatewayConfig } from '../../apps/gateway/src/config/gateway.config.js';
import { ApiScope } from '../../apps/gateway/src/auth/api-scope.js';
import { ObservedResponse, OpenApiContract } from './openapi-contract.js';
import { TEST_QUERY_SIGNING_SECRET } from './query-signing.js';
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
    EXPLORER_UI: 'off',
    API_KEYS: JSON.stringify(keys.map((k) => k.entry)),
    GATEWAY_SIGNING_SECRET: randomBytes(16).toString('hex'),
    QUERY_SIGNING_SECRET: TEST_QUERY_SIGNING_SECRET,
    ...overrides,
  });
  const app = await createGatewayApp(config);
  const observed = observeResponses(app);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  const contract = await OpenApiContract.fetch(url);
  return {
    url,
    config,
    app,
    async close() {
      await app.close();
      assertDocumented(contract, observed);
    },
  };
}

/**
 * Every answer a test gateway sends is kept, and checked against its OpenAPI document when the
 * gateway closes: so each integration test that talks to it is also a contract test, and the
 * document cannot drift from what the gateway answers.
 */
function observeResponses(app: NestFastifyApplication): ObservedResponse[] {
  const observed: ObservedResponse[] = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (request, reply, payload, done) => {
      if (typeof payload === 'string' || payload === null || payload === undefined) {
        observed.push({
          method: request.method,
          route: request.routeOptions.url ?? '',
          status: reply.statusCode,
          contentType: String(reply.getHeader('content-type') ?? ''),
          body: payload ?? '',
        });
      }
      done(null, payload);
    });
  return observed;
}

function assertDocumented(contract: OpenApiContract, observed: ObservedResponse[]): void {
  const problems = [...new Set(observed.flatMap((response) => contract.check(response)))];
  if (problems.length > 0)
    throw new Error(`answers the OpenAPI document does not allow:\n${problems.join('\n')}`);
}
