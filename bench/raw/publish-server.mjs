// The raw ceiling for ingest: a bare Fastify route that publishes the request body, unparsed, as one
// JetStream message and answers 202 once the PubAck arrives. Same libraries and connection options
// as the gateway (fastify 5, @nats-io 3.4 with noAsyncTraces), same stream; none of its work
// (auth, JSON parsing, validation, signing, per-event results). A random Nats-Msg-Id is set because
// the gateway sets one and the server's de-duplication bookkeeping is part of the broker's cost.
import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import Fastify from 'fastify';
import { serveUntilSigterm } from './serve.mjs';

// The gateway's default body limit and connection options (`npm run bench` builds dist/ first).
const { INGEST_LIMITS } = await import('../../dist/libs/contracts/src/event/ingest-limits.js');
const { natsConnectionOptions } = await import('../../dist/libs/messaging/src/nats-connection.options.js');

const { PORT, NATS_URL, SUBJECT } = process.env;

const nc = await connect(natsConnectionOptions({ url: NATS_URL, name: 'bench-raw-publish' }));
const js = jetstream(nc);
const app = Fastify({ logger: false, bodyLimit: INGEST_LIMITS.maxBodyBytes });

app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

app.post('/publish', async (request, reply) => {
  const ack = await js.publish(SUBJECT, request.body, { msgID: randomUUID() });
  return reply.code(202).send({ seq: ack.seq });
});
await serveUntilSigterm(app, nc, PORT);
