import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectNats, RunSpace } from '../lib/environment.mjs';
import { AUTH, availableApps, startGateway, startIngestor, startQuery } from '../lib/eventline.mjs';
import { BENCH_APP, BENCH_CATEGORY, eventKey, requestBody, sampleEvent } from '../lib/events.mjs';
import { runLoad } from '../lib/load.mjs';
import { mongoClient } from '../lib/mongo.mjs';
import { CpuMeter, waitUntil } from '../lib/processes.mjs';
import { percentile } from '../lib/stats.mjs';
import { provision } from './ingest.mjs';

const POLL_MS = 5; // the lag's resolution: a probe looks for its event this often
// One probe at a time, the next a little after the last was seen: concurrent probes each polling
// every 5 ms would load the very database the ingestor writes to (SQLite: one writer).
const PROBE_GAP_MS = 20;

/** The query path answers (an empty or missing session is fine; 503/504 means not up yet). */
export function queryAnswers(gatewayUrl) {
  return async () => {
    const res = await fetch(`${gatewayUrl}/v1/sessions/${randomUUID()}/events`, {
      headers: AUTH,
      signal: AbortSignal.timeout(2000),
    });
    await res.arrayBuffer();
    return res.status === 200 || res.status === 404;
  };
}

/**
 * One probe: post one event and, from its 202, watch the ingestor's durable consumer until its ack
 * floor passes the stream sequence the event's message can have (the stream's last sequence read
 * right after the 202). The ingestor acks only after the database confirmed the write (majority,
 * journaled), so from then on every read sees the event: accepted → queryable.
 *
 * Why not poll the database or the query route for the event: on FerretDB's SQLite backend every
 * read, a find by _id included, scans the collection (see docs/benchmarks.md), so a poll would take
 * longer as the run stores more, and would load the very database the ingestor writes to. Every
 * probe's event is looked up in the database once, after the run, to prove it was stored.
 */
async function probe(gatewayUrl, jsm, topology, deadline) {
  const event = sampleEvent({ sessionId: randomUUID(), eventId: randomUUID() });
  const res = await fetch(`${gatewayUrl}/v1/events`, {
    method: 'POST',
    headers: { ...AUTH, 'content-type': 'application/json' },
    body: JSON.stringify(event),
  });
  await res.arrayBuffer();
  if (res.status !== 202) return { error: `POST answered ${res.status}` };
  const acceptedAt = performance.now();
  const lastSeq = (await jsm.streams.info(topology.eventsStream)).state.last_seq;
  const consumer = topology.consumerName(BENCH_CATEGORY);
  while (performance.now() < deadline) {
    const info = await jsm.consumers.info(topology.eventsStream, consumer);
    if (info.ack_floor.stream_seq >= lastSeq)
      return { lagMs: performance.now() - acceptedAt, eventId: event.event_id };
    await sleep(POLL_MS);
  }
  return { error: 'never acked by the ingestor' };
}

/**
 * End-to-end lag at a given single-event request rate (autocannon's overallRate; when null, half
 * the maximum measured first), gateway + ingestor + query service all running.
 */
export async function lagScenario(options, watched, targetRate) {
  const apps = availableApps();
  if (!apps.gateway || !apps.ingestor || !apps.query) {
    options.log('  skipped: gateway, ingestor and query must all be built');
    return null;
  }
  const body = requestBody(1);
  const runs = [];
  let rate = targetRate;
  for (let run = 0; run < options.runs; run++) {
    const space = await RunSpace.create('lag', options);
    const procs = [];
    const closers = [];
    try {
      await provision(space);
      procs.push(await startIngestor(space, options));
      procs.push(await startQuery(space, options));
      const gateway = await startGateway(space, options);
      procs.push(gateway);
      await waitUntil(queryAnswers(gateway.url), { what: 'the query route to answer' });
      const target = `${gateway.url}/v1/events`;
      if (rate === null) {
        // Run on its own: find the maximum first, as the ingest scenario would have.
        const max = await runLoad({
          url: target,
          body,
          headers: AUTH,
          connections: options.connections,
          seconds: options.seconds,
        });
        rate = max.okPerSecond / 2;
      }
      await runLoad({
        url: target,
        body,
        headers: AUTH,
        connections: options.connections,
        seconds: options.warmupSeconds,
        overallRate: rate,
      });
      const nc = await connectNats(space.natsUrl);
      closers.push(() => nc.close());
      const jsm = await jetstreamManager(nc);
      const meter = new CpuMeter([...procs, ...watched]);
      const end = performance.now() + options.seconds * 1000;
      const probes = [];
      const prober = (async () => {
        while (performance.now() < end) {
          probes.push(await probe(gateway.url, jsm, space.topology, end + 30_000));
          await sleep(PROBE_GAP_MS);
        }
      })();
      const load = await runLoad({
        url: target,
        body,
        headers: AUTH,
        connections: options.connections,
        seconds: options.seconds,
        overallRate: rate,
      });
      await prober;
      const outcomes = await Promise.all(probes);
      const cpu = meter.stop();
      const lags = outcomes.filter((o) => o.lagMs !== undefined).map((o) => o.lagMs);
      const failures = outcomes.filter((o) => o.error).map((o) => o.error);
      const client = await mongoClient(space.mongoUrl);
      closers.push(() => client.close());
      const probeIds = outcomes.filter((o) => o.eventId).map((o) => o.eventId);
      const found = await client
        .db(space.database)
        .collection('events')
        .countDocuments({ _id: { $in: probeIds.map((id) => eventKey(BENCH_APP, id)) } });
      if (found !== probeIds.length)
        failures.push(`${probeIds.length - found} acked probe events not in the database`);
      const peakRssMb = {};
      for (const p of procs.splice(0)) peakRssMb[p.name] = (await p.stop())?.peakRssMb ?? null;
      runs.push({
        eventline: {
          p50: percentile(lags, 50),
          p99: percentile(lags, 99),
          probes: outcomes.length,
          failures: failures.length,
          firstFailure: failures[0],
          achievedReqPerSecond: load.okPerSecond,
          non2xx: load.non2xx,
          cpu,
          peakRssMb,
        },
      });
      options.log(
        `  run ${run + 1}: ${load.okPerSecond.toFixed(0)} req/s, lag p50 ${percentile(lags, 50)?.toFixed(1)} ms, p99 ${percentile(lags, 99)?.toFixed(1)} ms (${lags.length} probes, ${failures.length} failed${failures.length ? `: ${failures[0]}` : ''})`,
      );
    } finally {
      for (const p of procs) await p.stop();
      for (const close of closers) await close();
      await space.cleanup();
    }
  }
  return { rate, pollMs: POLL_MS, probeGapMs: PROBE_GAP_MS, runs };
}
