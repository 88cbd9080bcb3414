import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { connectNats, importDist, RunSpace } from '../lib/environment.mjs';
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

const SESSIONS = 1000;

/** The backlog's events: `count` events over SESSIONS sessions, distinct ids and timestamps. */
export function backlogEvents(count) {
  const sessions = Array.from({ length: SESSIONS }, () => randomUUID());
  const base = Date.now() * 1000 - 7 * 86_400_000_000;
  return Array.from({ length: count }, (_, i) =>
    sampleEvent({ sessionId: sessions[i % SESSIONS], epochMicros: base + i * 1000, eventId: randomUUID() }),
  );
}

/**
 * Publishes events as the gateway would: packed, signed and keyed by the message contract
 * (libs/contracts `buildEventMessages`, 100 events per message here), 64 messages in flight.
 */
export async function publishBacklog(space, events) {
  const { buildEventMessages, writeEventMessageHeaders, GATEWAY_PUBLISHER_ID, MESSAGE_LIMITS } =
    await importDist('libs/contracts/src/index.js');
  const publisher = { id: GATEWAY_PUBLISHER_ID, secret: gatewaySecret() };
  const window = 64 * MESSAGE_LIMITS.maxEventsPerMessage;
  const nc = await connectNats(space.natsUrl);
  const js = jetstream(nc);
  let lastSeq = 0;
  try {
    for (let i = 0; i < events.length; i += window) {
      const messages = buildEventMessages(events.slice(i, i + window), space.topology);
      const acks = await Promise.all(
        messages.map((message) => {
          const h = natsHeaders();
          writeEventMessageHeaders(h, message.body, publisher);
          return js.publish(message.subject, message.body, { headers: h });
        }),
      );
      for (const ack of acks) lastSeq = Math.max(lastSeq, ack.seq);
    }
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
  const { MESSAGE_LIMITS } = await importDist('libs/contracts/src/index.js');
  const lastSeq = await publishBacklog(space, events);
  const nc = await connectNats(space.natsUrl);
  const jsm = await jetstreamManager(nc);
  const consumer = space.topology.consumerName(BENCH_CATEGORY);
  const ackFloor = async () =>
    (await jsm.consumers.info(space.topology.eventsStream, consumer)).ack_floor.stream_seq;
  let ingestor;
  try {
    ingestor = await startIngestor(space, options, {
      env: { INGEST_BATCH_SIZE: String(await drainBatchSize(lastSeq)) },
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
    if (!(lastSeq > first.floor && seconds > 0))
      throw new Error(`the drain's timed window is empty (first ack at ${first.floor} of ${lastSeq})`);
    const cpu = meter.stop();
    const writes = await writeSeconds(ingestor.metricsUrl);
    const final = await ingestor.stop();
    const profile = finishProfiling(ingestor, options);
    ingestor = null;
    const client = await mongoClient(space.mongoUrl);
    const stored = await client.db(space.database).collection('events').countDocuments({});
    await client.close();
    // Every message of the backlog is full: 100 events of ~300 bytes stay far below 256 KiB.
    const drained = (lastSeq - first.floor) * MESSAGE_LIMITS.maxEventsPerMessage;
    return {
      eventsPerSecond: drained / seconds,
      seconds,
      stored,
      expected: events.length,
      cpu,
      peakRssMb: final?.peakRssMb ?? null,
      writes,
      profile,
    };
  } finally {
    if (ingestor) await ingestor.stop();
    await nc.close();
  }
}

// The ingestor's default batch (INGEST_BATCH_SIZE), unless the backlog would then be a single
// batch or two: the drain is timed from its first ack to its last, so it must span several batches
// (the quick run's 5,000 events are 50 messages: batches of 13).
const TIMED_BATCHES = 4;

async function drainBatchSize(messages) {
  const { IngestorConfig } = await importDist('apps/ingestor/src/ingestor.config.js');
  const defaultBatch = new IngestorConfig().INGEST_BATCH_SIZE;
  return Math.max(1, Math.min(defaultBatch, Math.ceil(messages / TIMED_BATCHES)));
}

// The ingestor's own timings of its writes (its /metrics histograms, docs/operations.md): where
// the drain's time goes, the events' insertMany or the session summaries written after it.
const WRITE_HISTOGRAMS = {
  events: 'eventline_ingestor_write_duration_seconds',
  sessions: 'eventline_ingestor_sessions_write_duration_seconds',
};

async function writeSeconds(metricsUrl) {
  const text = await (await fetch(metricsUrl)).text();
  const sum = (metric, suffix) =>
    text
      .split('\n')
      .filter((line) => line.startsWith(`${metric}_${suffix}{`) || line.startsWith(`${metric}_${suffix} `))
      .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  return {
    batches: sum(WRITE_HISTOGRAMS.events, 'count'),
    eventsSeconds: sum(WRITE_HISTOGRAMS.events, 'sum'),
    sessionsSeconds: sum(WRITE_HISTOGRAMS.sessions, 'sum'),
  };
}

/** The same documents, inserted with the bare driver in the same database: the storage ceiling. */
async function drainWithInsertMany(space, events, options, watched) {
  const { MESSAGE_LIMITS } = await importDist('libs/contracts/src/index.js');
  const receivedAt = new Date();
  const perMessage = MESSAGE_LIMITS.maxEventsPerMessage;
  const docs = events.map((e, i) => storedDocument(e, Math.floor(i / perMessage) + 1, receivedAt));
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
            ? `, ingestor ${eventline.eventsPerSecond.toFixed(0)} ev/s (stored ${eventline.stored}/${eventline.expected}; ` +
              `${eventline.writes.batches} batches, writing events ${eventline.writes.eventsSeconds.toFixed(1)} s, ` +
              `session summaries ${eventline.writes.sessionsSeconds.toFixed(1)} s, of ${eventline.seconds.toFixed(1)} s)`
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
