import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { appEntry, freePort, ROOT } from './environment.mjs';
import { BENCH_APP, BENCH_CATEGORY } from './events.mjs';
import { httpOk, startNode } from './processes.mjs';
import { renderProfile, summarizeProfile } from './profile.mjs';

// One key and secret per bench invocation; nothing here is a real credential.
export const BENCH_KEY = randomBytes(24).toString('hex');
const GATEWAY_SECRET = randomBytes(24).toString('hex');
const CURSOR_SECRET = randomBytes(24).toString('hex');
const QUERY_SIGNING_SECRET = randomBytes(24).toString('hex');

export const AUTH = { authorization: `Bearer ${BENCH_KEY}` };

let ceilingsOnly = false;

/** `--ceilings-only`: measure the machine's raw ceilings without starting eventline. */
export function measureCeilingsOnly() {
  ceilingsOnly = true;
}

/** Which built apps exist (and are wanted): a missing one leaves its figures empty. */
export function availableApps() {
  if (ceilingsOnly) return { gateway: null, ingestor: null, query: null };
  return { gateway: appEntry('gateway'), ingestor: appEntry('ingestor'), query: appEntry('query') };
}

function common(space, options) {
  return {
    NATS_URL: space.natsUrl,
    MONGO_URL: space.mongoUrl,
    EVENTLINE_NAMESPACE: space.namespace,
    LOG_LEVEL: options.logLevel,
  };
}

function logDir(options) {
  return options.logDir ?? path.join(ROOT, 'bench', 'results', 'logs');
}

/** Node flags and environment that make a started process write a CPU profile (see cpu-profile.preload.mjs). */
export function profiling(profileFile) {
  if (!profileFile) return { nodeArgs: [], env: {} };
  fs.mkdirSync(path.dirname(profileFile), { recursive: true });
  return {
    nodeArgs: ['--import', path.join(ROOT, 'bench', 'lib', 'cpu-profile.preload.mjs')],
    env: { BENCH_CPU_PROFILE: profileFile },
  };
}

/** Where `--profile` writes an app's profile for one scenario run; undefined without `--profile`. */
export function profileFileFor(options, label) {
  return options.profile ? path.join(options.resultsDir, 'profiles', `${label}.cpuprofile`) : undefined;
}

/** Starts the sampling of a process started with a profile file (after its warm-up). */
export function startProfiling(proc) {
  if (proc.profileFile) proc.child.kill('SIGWINCH');
}

/** After the process stopped: its profile, summarised and printed, or null. */
export function finishProfiling(proc, options) {
  if (!proc.profileFile || !fs.existsSync(proc.profileFile)) return null;
  const summary = summarizeProfile(proc.profileFile);
  options.log(renderProfile(summary));
  return summary;
}

/** The built gateway (`node dist/apps/gateway/src/main.js`, or `extra.script`), throttling off for the bench. */
export async function startGateway(space, options, extra = {}) {
  const port = await freePort();
  const prof = profiling(extra.profileFile);
  const proc = await startNode({
    name: extra.name ?? 'gateway',
    script: extra.script ?? appEntry('gateway'), // another build: bench/compare-builds.mjs
    nodeArgs: prof.nodeArgs,
    logDir: logDir(options),
    env: {
      ...common(space, options),
      ...prof.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      API_KEYS: JSON.stringify([
        {
          app: BENCH_APP,
          key_sha256: createHash('sha256').update(BENCH_KEY).digest('hex'),
          scopes: ['ingest', 'query'],
        },
      ]),
      GATEWAY_SIGNING_SECRET: GATEWAY_SECRET,
      QUERY_SIGNING_SECRET,
      RATE_LIMIT_PER_MINUTE: '0',
      ...options.gatewayEnv,
    },
    ready: httpOk(`http://127.0.0.1:${port}/health/ready`),
  });
  proc.url = `http://127.0.0.1:${port}`;
  proc.profileFile = extra.profileFile;
  return proc;
}

/** The built ingestor, bound to the bench category, trusting the gateway's signature. */
export async function startIngestor(space, options, extra = {}) {
  const port = await freePort();
  const prof = profiling(extra.profileFile);
  const proc = await startNode({
    name: 'ingestor',
    script: appEntry('ingestor'),
    nodeArgs: prof.nodeArgs,
    logDir: logDir(options),
    env: {
      ...common(space, options),
      ...prof.env,
      HEALTH_PORT: String(port),
      HEALTH_HOST: '127.0.0.1',
      INGEST_CATEGORIES: BENCH_CATEGORY,
      PUBLISHER_SECRETS: JSON.stringify({ 'eventline-gateway': GATEWAY_SECRET }),
      ...extra.env,
    },
    ready: httpOk(`http://127.0.0.1:${port}/health/ready`),
  });
  proc.profileFile = extra.profileFile;
  proc.metricsUrl = `http://127.0.0.1:${port}/metrics`;
  return proc;
}

/** The built query service (NATS request-reply; HTTP only for its health probes). */
export async function startQuery(space, options) {
  const port = await freePort();
  return startNode({
    name: 'query',
    script: appEntry('query'),
    logDir: logDir(options),
    env: {
      ...common(space, options),
      HEALTH_PORT: String(port),
      HEALTH_HOST: '127.0.0.1',
      QUERY_CURSOR_SECRET: CURSOR_SECRET,
      QUERY_SIGNING_SECRET,
    },
    ready: httpOk(`http://127.0.0.1:${port}/health/ready`),
  });
}

export function gatewaySecret() {
  return GATEWAY_SECRET;
}
