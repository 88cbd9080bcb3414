// The lean ceilings for ingest: what a gateway could cost on this machine with no framework around
// the work, between the raw route (publish-server.mjs: no work at all) and eventline. A bare
// Fastify route with a Bearer check, the body decoded and parsed as the gateway does, per-event
// results answered as JSON, signed messages published with their PubAcks awaited. LEAN_MODE:
//
// - `pipeline`: eventline's own per-request work from dist/ (IngestEventsUseCase, EventPublisher,
//   its PubAckTracker, GatewayMetrics) without NestJS and without the gateway's hooks (request id,
//   admission, CORS, rate limit, metrics, access log): what the framework and the hooks add.
// - `floor`: a lower bound for any gateway keeping the contract's duties. Per event only a shape
//   check (six typeof tests, far less than the rules) and a UUIDv7; no per-event serialisation:
//   the body's bytes are signed and published as one message (by EventPublisher, as the gateway
//   publishes), as if the contract let the ingestor read the posted body. What it costs on top of
//   the raw route is parsing, the ids, the signature and the per-event report; a gateway that does
//   all its duties cannot do better than this.
//
// Measured with `node bench/compare-builds.mjs --raw --lean pipeline --lean floor` (docs/benchmarks.md).
import { createHash } from 'node:crypto';
import { connect, createInbox } from '@nats-io/transport-node';
import Fastify from 'fastify';
import { Registry } from 'prom-client';
import { v7 as uuidv7 } from 'uuid';
import { BENCH_APP, BENCH_CATEGORY } from '../lib/events.mjs';
import { serveUntilSigterm } from './serve.mjs';

const dist = (file) => import(new URL(`../../dist/${file}`, import.meta.url).href);
const { INGEST_LIMITS } = await dist('libs/contracts/src/event/ingest-limits.js');
const { EventTopology, GATEWAY_PUBLISHER_ID, decodeUtf8 } = await dist('libs/contracts/src/index.js');
const { natsConnectionOptions } = await dist('libs/messaging/src/nats-connection.options.js');
const { EventPublisher } = await dist('libs/messaging/src/event.publisher.js');
const { parseSecureJson } = await dist('apps/gateway/src/http/json-body.parser.js');
const { IngestEventsUseCase } = await dist('apps/gateway/src/events/ingest-events.use-case.js');
const { GatewayConfig } = await dist('apps/gateway/src/config/gateway.config.js');
const { GatewayMetrics } = await dist('apps/gateway/src/metrics/gateway.metrics.js');
const { ApiKeyRegistry } = await dist('apps/gateway/src/auth/api-key.registry.js');
const { clientOf } = await dist('apps/gateway/src/auth/credentials.check.js');

const { PORT, NATS_URL, NAMESPACE, API_KEY, LEAN_MODE = 'pipeline' } = process.env;
const SECRET = 'lean-bench-signing-secret-0123456789';
// The gateway's own key check, before the body is read as the gateway does it.
const keys = new ApiKeyRegistry([
  { app: BENCH_APP, key_sha256: createHash('sha256').update(API_KEY).digest('hex'), scopes: ['ingest'] },
]);

const nc = await connect(natsConnectionOptions({ url: NATS_URL, name: `bench-lean-${LEAN_MODE}` }));
const config = Object.assign(new GatewayConfig(), { GATEWAY_SIGNING_SECRET: SECRET });
const publisher = new EventPublisher(
  {
    isConnected: () => !nc.isClosed(),
    connection: () => nc,
    newInbox: () => createInbox(),
  },
  {
    topology: new EventTopology(NAMESPACE),
    publisherId: GATEWAY_PUBLISHER_ID,
    signingSecret: SECRET,
    publishTimeoutMs: 5_000,
  },
);
const useCase = new IngestEventsUseCase(config, publisher, new GatewayMetrics(new Registry()));

const app = Fastify({ logger: false, bodyLimit: INGEST_LIMITS.maxBodyBytes });
app.removeAllContentTypeParsers();
app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

app.addHook('onRequest', async (request, reply) => {
  if (request.url !== '/ready' && !clientOf(keys, request))
    return reply.code(401).send({ code: 'unauthorized' });
});

async function pipeline(bytes, reply) {
  const body = parseSecureJson(decodeUtf8(bytes));
  const report = await useCase.execute({ body, app: BENCH_APP });
  return reply.code(report.rejected ? 207 : 202).send(report);
}

async function floor(bytes, reply) {
  const body = parseSecureJson(decodeUtf8(bytes));
  const events = Array.isArray(body) ? body : [body];
  const results = new Array(events.length);
  for (let index = 0; index < events.length; index++) {
    const e = events[index];
    const ok =
      typeof e === 'object' &&
      e !== null &&
      typeof e.session_id === 'string' &&
      typeof e.category === 'string' &&
      typeof e.name === 'string' &&
      typeof e.timestamp === 'string' &&
      typeof e.data === 'object';
    results[index] = ok
      ? { index, event_id: uuidv7(), status: 'accepted' }
      : {
          index,
          status: 'rejected',
          errors: [{ field: '', code: 'invalid_event', message: 'not an event' }],
        };
  }
  // One "event" whose bytes are the whole body: EventPublisher signs and publishes it as one
  // message, as the gateway publishes (its PubAck tracking and socket-write batching included).
  const [outcome] = await publisher.publish([
    { event_id: results[0].event_id, category: BENCH_CATEGORY, bytes },
  ]);
  if (outcome.status === 'failed') return reply.code(503).send({ code: 'broker_unavailable' });
  return reply.code(202).send({ accepted: results.length, duplicates: 0, rejected: 0, results });
}

const handle = LEAN_MODE === 'floor' ? floor : pipeline;
app.post('/v1/events', async (request, reply) => handle(request.body, reply));
await serveUntilSigterm(app, nc, PORT);
