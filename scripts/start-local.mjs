// `npm start`: the whole system on this machine without Docker. Builds when the sources are newer
// than the build, starts NATS with JetStream and the MongoDB-wire server through
// scripts/test-services.sh (the same builds and cache the tests use, with a state of its own), then
// the gateway, the ingestor and the query service with config/local.env; waits until every one is
// ready, prints where things are, and on Ctrl-C (SIGINT) or SIGTERM stops everything it started.
// Data stays in EVENTLINE_LOCAL_STATE (default .local/) and, when FerretDB runs on PostgreSQL, in
// its database (FERRETDB_DATABASE, default eventline_local), so the next run finds it.
//
// Plain child_process rather than a runner such as `concurrently`: what is needed is ordering
// (servers, then apps), readiness (each app's /health/ready), and one shutdown path that also
// stops the servers, which such runners do not provide; prefixing output is all they would add.
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const state = process.env.EVENTLINE_LOCAL_STATE ?? join(root, '.local');
const logs = join(state, 'logs');
const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 25_000;
const DEMO_KEY = 'demo-key-change-me';

const say = (line) => console.log(`eventline: ${line}`);

// config/local.env, each value overridden by the environment's (as with dotenv).
const fileEnv = parseEnv(readFileSync(join(root, 'config', 'local.env'), 'utf8'));
const env = { ...fileEnv, ...definedOnly(process.env) };

const children = [];
let stopping = false;
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));

try {
  mkdirSync(logs, { recursive: true });
  build();
  const servers = startServers();
  const gateway = `http://${reachable(env.HOST)}:${env.PORT}`;
  const apps = {
    gateway: { env: {}, health: `${gateway}/health/ready` },
    ingestor: { env: { HEALTH_PORT: env.INGESTOR_HEALTH_PORT }, port: env.INGESTOR_HEALTH_PORT },
    query: { env: { HEALTH_PORT: env.QUERY_HEALTH_PORT }, port: env.QUERY_HEALTH_PORT },
  };
  for (const [name, app] of Object.entries(apps)) {
    app.health ??= `http://${reachable(env.HEALTH_HOST)}:${app.port}/health/ready`;
    startApp(name, { ...env, ...app.env });
  }
  await Promise.all(Object.entries(apps).map(([name, app]) => waitUntilReady(name, app)));
  console.log(`
eventline is running (Ctrl-C stops it; data is kept for the next run)
  gateway    ${gateway}   (POST /v1/events, GET /v1/sessions/<id>/events; see README.md)
  API key    ${DEMO_KEY}   (application AppName; admin: demo-admin-key-change-me)
  docs       ${gateway}/docs   (OpenAPI document: ${gateway}/docs-json)
  NATS       ${env.NATS_URL}: ${servers.nats}
  store      ${env.MONGO_URL}: ${servers.store}
  logs       ${logs}/{gateway,ingestor,query}.log (warnings and errors also appear here)
  health     ${Object.values(apps)
    .map((app) => app.health)
    .join('  ')}
`);
} catch (error) {
  console.error(`eventline: ${error.message}`);
  await stop(1);
}

/** How this machine reaches a listener bound to `host` (the README's curl says localhost). */
function reachable(host = '0.0.0.0') {
  return ['0.0.0.0', '::', '127.0.0.1'].includes(host) ? 'localhost' : host;
}

function definedOnly(values) {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

/** `npm run build` unless dist/ is newer than every source file it is built from. */
function build() {
  const stamp = join(root, 'dist', '.tsbuildinfo');
  const builtAt = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const inputs = ['apps', 'libs', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];
  if (builtAt > 0 && !inputs.some((input) => newerThan(join(root, input), builtAt))) return;
  say('building (npm run build)');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
}

function newerThan(path, time) {
  const stats = statSync(path);
  if (stats.isFile()) return path.endsWith('.ts') || path.endsWith('.json') ? stats.mtimeMs > time : false;
  return readdirSync(path).some(
    (entry) => entry !== 'node_modules' && entry !== 'dist' && newerThan(join(path, entry), time),
  );
}

/**
 * NATS and the MongoDB-wire server at the addresses NATS_URL and MONGO_URL name: reused when
 * already listening, otherwise started by scripts/test-services.sh with state in `state`.
 */
function startServers() {
  const nats = new URL(env.NATS_URL);
  const mongo = new URL(env.MONGO_URL);
  const output = execFileSync('bash', [join(root, 'scripts', 'test-services.sh'), 'env', 'local'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: definedOnly({
      ...process.env,
      EVENTLINE_SERVICES_STATE: join(state, 'services'),
      TEST_NATS_PORT: nats.port || '4222',
      NATS_START_PORT: nats.port || '4222',
      FERRETDB_PORT: mongo.port || '27017',
    }),
  });
  const exported = Object.fromEntries(
    [...output.matchAll(/^export (\w+)='([^']*)'$/gm)].map((match) => [match[1], match[2]]),
  );
  const natsStarted = existsSync(join(state, 'services', 'nats.pid'));
  return {
    store: exported.EVENTLINE_STORE_DESCRIPTION,
    nats: natsStarted
      ? `nats-server -js started here, streams in ${join(state, 'services', 'nats')}`
      : 'the JetStream server already running there (not started by npm start)',
  };
}

function startApp(name, appEnv) {
  // Each app reads only the variables it declares; these two are npm start's own.
  delete appEnv.INGESTOR_HEALTH_PORT;
  delete appEnv.QUERY_HEALTH_PORT;
  const log = createWriteStream(join(logs, `${name}.log`), { flags: 'a' });
  const child = spawn(process.execPath, [join(root, 'dist', 'apps', name, 'src', 'main.js')], {
    cwd: root,
    env: appEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.on('data', (chunk) => {
      log.write(chunk);
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop();
      for (const line of lines) if (worthShowing(line)) console.log(`[${name}] ${line}`);
    });
  }
  child.once('exit', (code, signal) => {
    log.end();
    if (!stopping) {
      console.error(
        `eventline: ${name} exited (${signal ?? `status ${code}`}); its log: ${logs}/${name}.log`,
      );
      void stop(1);
    }
  });
  return child;
}

/** Warnings, errors and anything that is not a JSON log line (a crash, a configuration error). */
function worthShowing(line) {
  if (line.trim() === '') return false;
  try {
    // pino writes level labels here (libs/observability's logging).
    return ['warn', 'error', 'fatal'].includes(JSON.parse(line).level);
  } catch {
    return true;
  }
}

async function waitUntilReady(name, app) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (stopping) return;
    const status = await fetch(app.health).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `${name} not ready at ${app.health} after ${READY_TIMEOUT_MS / 1000} s; see ${logs}/${name}.log`,
  );
}

/** SIGTERM to each app (they drain and exit), then the servers test-services.sh started here. */
async function stop(status) {
  if (stopping) return;
  stopping = true;
  say('stopping');
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  await Promise.all(
    running.map(
      (child) =>
        new Promise((resolve) => {
          const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
          child.once('exit', () => (clearTimeout(timer), resolve()));
          child.kill('SIGTERM');
        }),
    ),
  );
  execFileSync('bash', [join(root, 'scripts', 'test-services.sh'), 'stop', 'local'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, EVENTLINE_SERVICES_STATE: join(state, 'services') },
  });
  say('stopped');
  process.exit(status);
}
