// `node bench/ingest-in-process.mjs --build before=<dir> --build after=dist [--events 100] [--event-bytes 300]`
// CPU per request of the gateway's per-request work without HTTP and sockets, for one or more
// builds (copies of `dist/` inside the checkout) imported into one process and run alternately:
// the body parsed as the gateway parses it, IngestEventsUseCase with the real EventPublisher and
// GatewayMetrics (only JetStream's answer is faked), and the report's JSON. Small differences
// show here that a loaded machine hides end to end (docs/benchmarks.md, "The ingest hot path").
import 'reflect-metadata';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Registry } from 'prom-client';
import secureJson from 'secure-json-parse';
import { ROOT } from './lib/environment.mjs';
import { BENCH_APP, requestBody } from './lib/events.mjs';
import { median } from './lib/stats.mjs';

const { values: args } = parseArgs({
  options: {
    build: { type: 'string', multiple: true },
    events: { type: 'string', default: '100' },
    requests: { type: 'string', default: '1000' },
    'event-bytes': { type: 'string', default: '300' },
    rounds: { type: 'string', default: '5' },
  },
});
const eventsPerRequest = Number(args.events);
const bodyText = requestBody(eventsPerRequest, Number(args['event-bytes']));

async function pipelineOf(dir) {
  const load = (file) => import(path.resolve(ROOT, dir, file));
  const { IngestEventsUseCase } = await load('apps/gateway/src/events/ingest-events.use-case.js');
  const { GatewayConfig } = await load('apps/gateway/src/config/gateway.config.js');
  const { GatewayMetrics } = await load('apps/gateway/src/metrics/gateway.metrics.js');
  const { EventPublisher } = await load('libs/messaging/src/event.publisher.js');
  const { EventTopology } = await load('libs/contracts/src/index.js');
  const config = Object.assign(new GatewayConfig(), { GATEWAY_SIGNING_SECRET: 'x'.repeat(32) });
  let seq = 0;
  // JetStream faked at both levels a build may publish through: nats.js's `js.publish` (builds
  // before the PubAckTracker), or the connection, answering each reply subject with a PubAck.
  const jetstream = { publish: async () => ({ stream: 'BENCH', seq: ++seq, duplicate: false }) };
  let answer;
  const connection = {
    subscribe: (_subject, { callback }) => {
      answer = callback;
      return { closed: new Promise(() => {}), unsubscribe: () => {} };
    },
    publish: (_subject, _data, { reply }) =>
      void Promise.resolve().then(() =>
        answer(null, { subject: reply, data: Buffer.from(`{"stream":"BENCH","seq":${++seq}}`) }),
      ),
  };
  const nats = {
    isConnected: () => true,
    jetstream: () => jetstream,
    connection: () => connection,
    newInbox: () => '_INBOX.bench',
  };
  const publisher = new EventPublisher(nats, {
    topology: new EventTopology('bench'),
    publisherId: 'eventline-gateway',
    signingSecret: config.GATEWAY_SIGNING_SECRET,
    publishTimeoutMs: 3000,
  });
  // The gateway's body parser where the build has it as a function of its own, else what it ran
  // before: secure-json-parse refusing __proto__ and constructor.prototype.
  const { parseSecureJson } = await load('apps/gateway/src/http/json-body.parser.js');
  const parse =
    parseSecureJson ??
    ((text) => secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
  const useCase = new IngestEventsUseCase(config, publisher, new GatewayMetrics(new Registry()));
  return async () => {
    const body = parse(bodyText);
    const report = await useCase.execute({ body, app: BENCH_APP, correlationId: 'bench' });
    if (report.accepted !== eventsPerRequest) throw new Error(`not all accepted: ${JSON.stringify(report)}`);
    return JSON.stringify(report).length;
  };
}

const builds = [];
for (const spec of args.build ?? ['dist=dist']) {
  const [label, dir] = spec.split('=');
  builds.push({ label, run: await pipelineOf(dir), samples: [] });
}
const requests = Number(args.requests);
for (const build of builds) for (let i = 0; i < requests; i++) await build.run(); // warm-up, JIT
for (let round = 0; round < Number(args.rounds); round++) {
  for (const build of round % 2 ? [...builds].reverse() : builds) {
    const start = process.cpuUsage();
    for (let i = 0; i < requests; i++) await build.run();
    const used = process.cpuUsage(start);
    build.samples.push((used.user + used.system) / requests);
  }
}
for (const { label, samples } of builds)
  console.log(
    `${label}: median ${median(samples).toFixed(1)} µs CPU per ${eventsPerRequest}-event request ` +
      `[${samples.map((x) => x.toFixed(0)).join(', ')}]`,
  );
