import { randomUUID } from 'node:crypto';
import { RunSpace } from '../lib/environment.mjs';
import { AUTH, availableApps, startGateway, startQuery } from '../lib/eventline.mjs';
import { BENCH_APP, BENCH_CATEGORY, formatTimestamp, sampleEvent, storedDocument } from '../lib/events.mjs';
import { runLoad } from '../lib/load.mjs';
import { createStoredEventIndexes, insertInBatches, mongoClient } from '../lib/mongo.mjs';
import { CpuMeter, waitUntil } from '../lib/processes.mjs';
import { percentile } from '../lib/stats.mjs';
import { queryAnswers } from './lag.mjs';

const TIMELINE = 1000; // events in the session whose timeline is read
const OTHER_SESSION_SIZE = 100;
const SORT = { ts_us: 1, seq: 1, _id: 1 };

/**
 * `stored` events: one session of 1,000 (the timeline read), the rest in sessions of 100, one
 * event per millisecond over a week ago, inserted with the bare driver (the scenario measures reads;
 * seeding through the pipeline would only take longer).
 */
async function seed(collection, stored, batchSize) {
  const base = Date.now() * 1000 - 7 * 86_400_000_000;
  const timelineSession = randomUUID();
  const receivedAt = new Date();
  const docs = [];
  let session = timelineSession;
  for (let i = 0; i < stored; i++) {
    if (i >= TIMELINE && (i - TIMELINE) % OTHER_SESSION_SIZE === 0) session = randomUUID();
    // Interleave the timeline session through the whole range, as real sessions overlap in time.
    const epochMicros = base + i * 1000;
    docs.push(
      storedDocument(
        sampleEvent({ sessionId: session, epochMicros, eventId: randomUUID() }),
        Math.floor(i / 100) + 1,
        receivedAt,
      ),
    );
  }
  await createStoredEventIndexes(collection);
  const seconds = await insertInBatches(collection, docs, { batchSize });
  const mid = base + Math.floor(stored / 2) * 1000;
  return { timelineSession, rangeStart: mid, rangeEnd: mid + 10_000_000, insertPerSecond: stored / seconds };
}

/** p50/p99 of a bare driver call made `amount` times, one at a time. */
async function timeDriver(fn, amount) {
  const samples = [];
  while (samples.length < amount) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), samples: samples.length };
}

// What the query service's repository asks of the database (libs/storage events-query.*):
// the same filter, sort, index hint, projection and limit + 1 (the extra row tells "more").
const EVENT_FIELDS = {
  _id: 1,
  session_id: 1,
  category: 1,
  name: 1,
  data: 1,
  ts_us: 1,
  seq: 1,
  received_at: 1,
};
const SESSION_FIELDS = { _id: 0, session_id: 1, name: 1, category: 1, ts_us: 1 };

/** The sessions page's read: the (session_id, ts_us)-ordered scan, until 101 sessions are complete. */
async function scanSessions(collection, filter, limit) {
  const cursor = collection
    .find(filter)
    .sort({ session_id: 1, ts_us: 1 })
    .hint('app_sessions')
    .project(SESSION_FIELDS)
    .batchSize(1000);
  let sessions = 0;
  let current;
  try {
    for await (const row of cursor) {
      if (row.session_id !== current) {
        current = row.session_id;
        if (++sessions > limit + 1) break;
      }
    }
  } finally {
    await cursor.close();
  }
}

function queries(seeded) {
  const start = encodeURIComponent(formatTimestamp(seeded.rangeStart));
  const end = encodeURIComponent(formatTimestamp(seeded.rangeEnd));
  const timeline = { session_id: seeded.timelineSession, name: BENCH_APP };
  const range = {
    name: BENCH_APP,
    category: BENCH_CATEGORY,
    ts_us: { $gte: seeded.rangeStart, $lt: seeded.rangeEnd },
  };
  const sessions = { name: BENCH_APP, category: BENCH_CATEGORY };
  return [
    {
      key: 'timeline',
      label: `one session's ${TIMELINE} events`,
      target: '≤ 15',
      path: `/v1/sessions/${seeded.timelineSession}/events?limit=${TIMELINE}`,
      find: (c) =>
        c
          .find(timeline)
          .sort(SORT)
          .hint('session_timeline')
          .limit(TIMELINE + 1)
          .project(EVENT_FIELDS),
    },
    {
      key: 'range',
      label: '100-event range page',
      target: '≤ 15',
      path: `/v1/events?category=${BENCH_CATEGORY}&start=${start}&end=${end}&limit=100`,
      find: (c) => c.find(range).sort(SORT).hint('app_category_range').limit(101).project(EVENT_FIELDS),
    },
    {
      key: 'sessions',
      label: 'sessions page (100)',
      target: null,
      path: `/v1/sessions?category=${BENCH_CATEGORY}&limit=100`,
      find: (c) =>
        c.find(sessions).sort({ session_id: 1, ts_us: 1 }).hint('app_sessions').project(SESSION_FIELDS),
      driver: (c) => scanSessions(c, sessions, 100),
    },
  ].map((q) => ({ driver: (c) => q.find(c).toArray(), ...q }));
}

/** What the server says it did with a query: FerretDB reports whether filter and sort were pushed down. */
async function explainOf(q, collection) {
  const plan = await q.find(collection).explain();
  const { filterPushdown, sortPushdown, limitPushdown, queryPlanner } = plan;
  return {
    filterPushdown,
    sortPushdown,
    limitPushdown,
    plan: queryPlanner?.Plan ?? queryPlanner?.winningPlan,
  };
}

/**
 * Query latency with `stored` events: each query through the gateway → NATS → query service →
 * database (autocannon, 1 connection, so latency is not queueing), beside the bare driver doing
 * the same filter and sort. Seeded once; the runs repeat the measurement on the same data.
 */
export async function queryScenario(options, watched) {
  const space = await RunSpace.create('query', options);
  const client = await mongoClient(space.mongoUrl);
  const procs = [];
  try {
    const collection = client.db(space.database).collection('events');
    const seeded = await seed(collection, options.stored, 1000);
    options.log(`  seeded ${options.stored} events at ${seeded.insertPerSecond.toFixed(0)} docs/s`);
    const list = queries(seeded);
    let gateway = null;
    if (availableApps().gateway && availableApps().query) {
      procs.push(await startQuery(space, options));
      gateway = await startGateway(space, options);
      procs.push(gateway);
      await waitUntil(queryAnswers(gateway.url), { what: 'the query route to answer' });
      for (const q of list) {
        const res = await fetch(`${gateway.url}${q.path}`, { headers: AUTH });
        const body = await res.json();
        if (res.status !== 200) throw new Error(`${q.path} answered ${res.status}: ${JSON.stringify(body)}`);
        q.items = body.items?.length; // the first request doubles as the warm-up
      }
    }
    for (const q of list) {
      await timeDriver(() => q.driver(collection), 1);
      q.explain = await explainOf(q, collection);
      options.log(
        `  ${q.label}: server plan ${JSON.stringify(q.explain.plan)}, filter pushdown ${q.explain.filterPushdown}, sort pushdown ${q.explain.sortPushdown}`,
      );
    }
    const meter = new CpuMeter([...procs, ...watched]);
    for (const q of list) {
      q.runs = [];
      for (let run = 0; run < options.runs; run++) {
        const ceiling = await timeDriver(() => q.driver(collection), options.querySamples);
        let eventline = null;
        if (gateway) {
          const load = await runLoad({
            url: `${gateway.url}${q.path}`,
            method: 'GET',
            headers: AUTH,
            connections: 1,
            amount: options.querySamples,
          });
          eventline = { p50: load.p50, p99: load.p99, samples: load.ok, non2xx: load.non2xx };
        }
        q.runs.push({ ceiling, eventline });
        options.log(
          `  ${q.label} run ${run + 1}: driver p50 ${ceiling.p50.toFixed(1)} ms` +
            (eventline
              ? `, eventline p50 ${eventline.p50} ms (${eventline.samples} requests, items ${q.items})`
              : ''),
        );
      }
    }
    const cpu = meter.stop();
    const peakRssMb = {};
    for (const p of procs.splice(0)) peakRssMb[p.name] = (await p.stop())?.peakRssMb ?? null;
    return {
      stored: options.stored,
      seedInsertPerSecond: seeded.insertPerSecond,
      queries: list.map(({ key, label, target, path, runs, items, explain }) => ({
        key,
        label,
        target,
        path,
        items,
        explain,
        runs,
      })),
      cpu,
      peakRssMb,
    };
  } finally {
    for (const p of procs) await p.stop();
    await client.close();
    await space.cleanup();
  }
}
