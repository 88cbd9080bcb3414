import { createServer, Server } from 'node:net';
import { freePort } from '../../support/free-port.js';
import { AppName, AppProcess } from './support/app-process.js';

// Every variable an app requires is set validly, so the one bad value is the only reason to stop.
const VALID: Record<AppName, Record<string, string>> = {
  gateway: {
    GATEWAY_SIGNING_SECRET: 'gateway-signing-secret-0123',
    QUERY_SIGNING_SECRET: 'query-signing-secret-0123',
    API_KEYS: '[]',
    NATS_URL: 'nats://127.0.0.1:1',
  },
  ingestor: {
    PUBLISHER_SECRETS: '{"eventline-gateway":"gateway-signing-secret-0123"}',
    NATS_URL: 'nats://127.0.0.1:1',
  },
  query: {
    QUERY_CURSOR_SECRET: 'query-cursor-secret-0123',
    QUERY_SIGNING_SECRET: 'query-signing-secret-0123',
    NATS_URL: 'nats://127.0.0.1:1',
  },
};

const BAD: Array<[AppName, string, string]> = [
  ['gateway', 'PORT', 'abc'],
  ['gateway', 'RATE_LIMIT_PER_MINUTE', '-5'],
  ['ingestor', 'HEALTH_PORT', 'abc'],
  ['ingestor', 'LOG_LEVEL', 'loud'],
  ['query', 'HEALTH_PORT', 'abc'],
  ['query', 'MONGO_URL', 'postgres://db/eventline'],
  ['query', 'QUERY_SIGNING_SECRET', 'short'],
  ['gateway', 'QUERY_SIGNING_SECRET', 'short'],
];

describe('a bad configuration value stops the app at start', () => {
  it.each(BAD)('%s with %s=%s exits non-zero naming the variable', async (app, variable, value) => {
    const child = new AppProcess(app, { ...VALID[app], [variable]: value });
    const { code } = await child.exited;
    expect(code).toBe(1);
    expect(child.stderr).toContain(variable);
  });
});

describe('a port already taken stops the app at start', () => {
  let taken: Server;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve));
  });

  afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

  it.each<[AppName, string, string]>([
    ['gateway', 'PORT', 'HOST'],
    ['ingestor', 'HEALTH_PORT', 'HEALTH_HOST'],
    ['query', 'HEALTH_PORT', 'HEALTH_HOST'],
  ])('%s exits naming %s before it logs anything', async (app, variable, hostVariable) => {
    const child = new AppProcess(app, {
      ...VALID[app],
      [variable]: String(port),
      [hostVariable]: '127.0.0.1',
    });
    const { code } = await child.exited;
    expect(code).toBe(1);
    expect(child.stderr).toContain(`${variable}=${port}`);
    expect(child.stderr).toContain('already in use');
    expect(child.stdout).toBe('');
  });
});
