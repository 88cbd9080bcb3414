// `node bench/compare-builds.mjs --build before=<dir> --build after=dist[@KEY=VALUE] [--events 1|100] [--rounds 3] [--raw] [--lean pipeline|floor]`
// CPU per accepted request of two or more builds of the gateway (a copy of `dist/` each, made with
// `cp -r dist <dir>` inside the checkout so node_modules resolve), started in turn against the same
// stream and driven like the ingest scenario; the order alternates between rounds. On a shared
// machine this decides a lever where req/s cannot (docs/benchmarks.md, "The ingest hot path").
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, ROOT, RunSpace, servers } from './lib/environment.mjs';
import { AUTH, BENCH_KEY, startGateway } from './lib/eventline.mjs';
import { BENCH_CATEGORY, requestBody } from './lib/events.mjs';
import { runLoad } from './lib/load.mjs';
import { CpuMeter, httpOk, startNode } from './lib/processes.mjs';
import { median } from './lib/stats.mjs';
import { provision, purge } from './scenarios/ingest.mjs';

const { values: args } = parseArgs({
  options: {
    build: { type: 'string', multiple: true },
    events: { type: 'string', default: '1' },
    // 2000 with --events 500: the 1 MiB bodies of the memory target's load.
    'event-bytes': { type: 'string', default: '300' },
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '4' },
    connections: { type: 'string', default: '50' },
    raw: { type: 'boolean', default: false },
    // The lean ceilings (bench/raw/lean-ingest-server.mjs), once per mode given.
    lean: { type: 'string', multiple: true },
  },
});
// `--build label=dir[@KEY=VALUE]`: the same build may run twice with different settings, e.g.
// `--build default=dist --build semi8=dist@NODE_OPTIONS=--max-semi-space-size=8`.
const builds = (args.build ?? []).map((spec) => {
  const [build, setting = ''] = spec.split('@');
  const [label, dir] = build.split('=');
  const eq = setting.indexOf('=');
  const env = eq > 0 ? { [setting.slice(0, eq)]: setting.slice(eq + 1) } : {};
  const script = path.resolve(ROOT, dir, 'apps', 'gateway', 'src', 'main.js');
  return { label, run: (space) => gateway(space, label, script, env) };
});
const leans = (args.lean ?? []).map((mode) => ({
  label: `lean ${mode}`,
  run: (space) => leanRoute(space, mode),
}));
if (builds.length === 0 && !args.raw && leans.length === 0)
  throw new Error('give --build label=dir (twice to compare), --raw or --lean <mode>');
const body = requestBody(Number(args.events), Number(args['event-bytes']));
const connections = Number(args.connections);
const options = { logLevel: 'info', logDir: path.join(ROOT, 'bench', 'results', 'logs') };

async function measure(proc, url, headers) {
  await runLoad({ url, body, headers, connections, seconds: 1 });
  const meter = new CpuMeter([proc]);
  const load = await runLoad({ url, body, headers, connections, seconds: Number(args.seconds) });
  const cores = meter.stop()[proc.name];
  const final = await proc.stop();
  return {
    ...load,
    cores,
    cpuMicrosPerRequest: (cores / load.okPerSecond) * 1e6,
    peakRssMb: final?.peakRssMb,
  };
}

async function rawRoute(space) {
  const port = await freePort();
  const proc = await startNode({
    name: 'raw-publish',
    script: path.join(ROOT, 'bench', 'raw', 'publish-server.mjs'),
    logDir: options.logDir,
    env: {
      PORT: String(port),
      NATS_URL: space.natsUrl,
      SUBJECT: space.topology.eventsSubject(BENCH_CATEGORY),
    },
    ready: httpOk(`http://127.0.0.1:${port}/ready`),
  });
  return measure(proc, `http://127.0.0.1:${port}/publish`, {});
}

async function leanRoute(space, mode) {
  const port = await freePort();
  const proc = await startNode({
    name: `lean-${mode}`,
    script: path.join(ROOT, 'bench', 'raw', 'lean-ingest-server.mjs'),
    logDir: options.logDir,
    env: {
      PORT: String(port),
      NATS_URL: space.natsUrl,
      NAMESPACE: space.namespace,
      API_KEY: BENCH_KEY,
      LEAN_MODE: mode,
    },
    ready: httpOk(`http://127.0.0.1:${port}/ready`),
  });
  return measure(proc, `http://127.0.0.1:${port}/v1/events`, AUTH);
}

async function gateway(space, label, script, env) {
  const proc = await startGateway(
    space,
    { ...options, gatewayEnv: env },
    { name: `gateway-${label}`, script },
  );
  return measure(proc, `${proc.url}/v1/events`, AUTH);
}

const space = await RunSpace.create('compare', servers());
const samples = {};
try {
  await provision(space);
  for (let round = 0; round < Number(args.rounds); round++) {
    const order = round % 2 ? [...builds].reverse() : builds;
    const sides = [...(args.raw ? [{ label: 'raw route', run: rawRoute }] : []), ...leans, ...order];
    for (const side of sides) {
      const m = await side.run(space);
      await purge(space);
      if (m.non2xx || m.errors || m.timeouts)
        throw new Error(`${side.label}: ${m.non2xx} non-2xx, ${m.errors} errors`);
      (samples[side.label] ??= []).push(m.cpuMicrosPerRequest);
      console.log(
        `${side.label}: ${m.okPerSecond.toFixed(0)} req/s, ${m.cores.toFixed(2)} cores, ` +
          `${m.cpuMicrosPerRequest.toFixed(1)} µs CPU/request, p99 ${m.p99} ms, peak RSS ${m.peakRssMb?.toFixed(0)} MB ` +
          `(load average ${os.loadavg()[0].toFixed(1)})`,
      );
    }
  }
} finally {
  await space.cleanup();
}
for (const [label, xs] of Object.entries(samples))
  console.log(
    `${label}: median ${median(xs).toFixed(1)} µs CPU/request [${xs.map((x) => x.toFixed(0)).join(', ')}]`,
  );
process.exit(0);
