import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers as natsHeaders } from '@nats-io/transport-node';
import { importDist, RunSpace } from '../lib/environment.mjs';
import {
  availableApps,
  finishProfiling,
  gatewaySecret,
  profileFileFor,
  startIngestor,
  startProfiling,
} from '../lib/eventline.mjs';
import { BENCH_CATEGORY, sampleEvent, storedDocument } from '../lib/events.mjs';
import { createStoredEventIndexes, insertInBatches, mongoClient } from '../lib/mongo.mjs';
import { CpuMeter, waitUntil } from '../lib/processes.mjs';
import { provision } from './ingest.mjs';

const EVENTS_PER_MESSAGE = 100; // what the gateway publishes per message (DESIGN.md contract)
const SESSIONS = 1000;

/** The backlog's events: `count` events over SESSIONS sessions, distinct ids and timestamps. */
export function backlogEvents(count) {
  const sessions = Array.from({ length: SESSIONS }, () => randomUUID());
  const base = Date.now() * 1000 - 7 * 86_400_000_000;
  return Array.from({ length: count }, (_, i) =>
    sampleEvent({ sessionId: sessions[i % SESSIONS], epochMicros: base + i * 1000, eventId: randomUUID() }),
  );
}

/** Publishes events as the gateway would (signed, 100 per message, Nats-Msg-Id), 64 in flight. */
export async function publishBacklog(space, events) {
  const { signMessage, messageIdFor, EventHeader, GATEWAY_PUBLISHER_ID } = await importDist(
    'libs/contracts/src/index.js',
  );
  const nc = await connect({ servers: space.natsUrl.split(','), noAsyncTraces: true });
  const js = jetstream(nc);
  const subject = space.topology.eventsSubject(BENCH_CATEGORY);
  let lastSeq = 0;
  try {
    let inFlight = [];
    for (let i = 0; i < events.length; i += EVENTS_PER_MESSAGE) {
      const chunk = events.slice(i, i + EVENTS_PER_MESSAGE);
      const body = Buffer.from(JSON.stringify(chunk));
      const msgID = messageIdFor(chunk.map((e) => e.event_id));
      const h = natsHeaders();
      h.set(EventHeader.App, GATEWAY_PUBLISHER_ID);
      h.set(EventHeader.Signature, signMessage(body, gatewaySecret()));
      inFlight.push(js.publish(subject, body, { msgID, headers: h }));
      if (inFlight.length >= 64) {
        for (const ack of await Promise.all(inFlight)) lastSeq = Math.max(lastSeq, ack.seq);
        inFlight = [];
      }
    }
    for (const ack of await Promise.all(inFlight)) lastSeq = Math.max(lastSeq, ack.seq);
  } finally {
    await nc.close();
  }
  return lastSeq;
}

/**
 * Runs the ingestor against a full backlog and times it from its first ack to its last (so start-up
 * is not counted): ack = "the database confirmed the batch", per the contract.
 */
async function drainWithIngestor(space, events, options, watched, run) {
  const lastSeq = await publishBacklog(space, events);
  const nc = await connect({ servers: space.natsUrl.split(','), noAsyncTraces: true });
  const jsm = await jetstreamManager(nc);
  const consumer = space.topology.consumerName(BENCH_CATEGORY);
  const ackFloor = async () =>
    (await jsm.consumers.info(space.topology.eventsStream, consumer)).ack_floor.stream_seq;
  let ingestor;
  try {
    ingestor = await startIngestor(space, options, {
      profileFile: profileFileFor(options, `ingestor-drain-run${run + 1}`),
    });
    startProfiling(ingestor);
    let first = null;
    let meter = null;
    await waitUntil(
      async () => {
        const floor = await ackFloor();
        if (first === null && floor > 0) {
          first = { floor, at: performance.now() };
          meter = new CpuMeter([ingestor, ...watched]);
        }
        return floor >= lastSeq;
      },
      { timeoutMs: options.drainTimeoutMs, intervalMs: 20, what: 'the ingestor to ack the whole backlog' },
    );
    const seconds = (performance.now() - first.at) / 1000;
    const cpu = meter.stop();
    const final = await ingestor.stop();
    const profile = finishProfiling(ingestor, options);
    ingestor = null;
    const client = await mongoClient(space.mongoUrl);
    const stored = await client.db(space.database).collection('events').countDocuments({});
    await client.close();
    const drained = (lastSeq - first.floor) * EVENTS_PER_MESSAGE;
    return {
      eventsPerSecond: drained / seconds,
      seconds,
      stored,
      expected: events.length,
      cpu,
      peakRssMb: final?.peakRssMb ?? null,
      profile,
    };
  } finally {
    if (ingestor) await ingestor.stop();
    await nc.close();
  }
}

/** The same documents, inserted with the bare driver in the same database: the storage ceiling. */
async function drainWithInsertMany(space, events, options, watched) {
  const receivedAt = new Date();
  const docs = events.map((e, i) => storedDocument(e, Math.floor(i / EVENTS_PER_MESSAGE) + 1, receivedAt));
  const client = await mongoClient(space.mongoUrl);
  try {
    const collection = client.db(space.database).collection('raw_events');
    await createStoredEventIndexes(collection);
    const meter = new CpuMeter([{ name: 'bench (driver)', pid: process.pid }, ...watched]);
    const seconds = await insertInBatches(collection, docs, {
      batchSize: options.insertBatch,
      concurrency: options.insertConcurrency,
    });
    const cpu = meter.stop();
    return { eventsPerSecond: docs.length / seconds, seconds, cpu };
  } finally {
    await client.close();
  }
}

export async function drainScenario(options, watched) {
  const runs = [];
  for (let run = 0; run < options.runs; run++) {
    const events = backlogEvents(options.backlog);
    const space = await RunSpace.create('drain', options);
    try {
      await provision(space);
      const withIngestor = () =>
        availableApps().ingestor ? drainWithIngestor(space, events, options, watched, run) : null;
      // Alternate which side goes first, so a drift of this shared machine does not favour one.
      let ceiling;
      let eventline;
      if (run % 2 === 0) {
        ceiling = await drainWithInsertMany(space, events, options, watched);
        eventline = await withIngestor();
      } else {
        eventline = await withIngestor();
        ceiling = await drainWithInsertMany(space, events, options, watched);
      }
      runs.push({ ceiling, eventline });
      options.log(
        `  run ${run + 1}: insertMany ${ceiling.eventsPerSecond.toFixed(0)} ev/s` +
          (eventline
            ? `, ingestor ${eventline.eventsPerSecond.toFixed(0)} ev/s (stored ${eventline.stored}/${eventline.expected})`
            : ''),
      );
    } finally {
      await space.cleanup();
    }
  }
  return {
    backlog: options.backlog,
    insertBatch: options.insertBatch,
    insertConcurrency: options.insertConcurrency,
    runs,
  };
}
