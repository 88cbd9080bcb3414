import { randomBytes, randomUUID } from 'node:crypto';
import { EventTopology, GATEWAY_PUBLISHER_ID } from '@eventline/contracts';
import { eventually } from '../../support/eventually.js';
import { testApiKey } from '../../support/gateway-app.js';
import { NatsCluster } from '../../support/nats-cluster.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';
import { EventStore } from '../ingestor/support/event-store.js';
import { IngestorProcess } from '../ingestor/support/ingestor-process.js';
import { AppProcess } from '../ops/support/app-process.js';
import { freePort } from '../../support/free-port.js';
import { IngestLedger, IngestWindow } from './support/ingest-ledger.js';
import { NatsPublisherLedger } from './support/nats-publisher-ledger.js';

const TOTAL_EVENTS = 20_000;
// Events posted at a modest pace while the broker faults happen; the rest go in one burst while an
// ingestor replica is killed. The machine is small and shared: 150 events/s is plenty to see faults.
const PACED_EVENTS = 15_000;
const PACED_BATCH = 50;
const PACED_EVERY_MS = 333;
const PUBLISH_TIMEOUT_MS = 2_000;
// A request may take its publish timeout plus the gateway's own work on a busy machine; a request
// held for its publish timeout twice over is a hang.
const HANG_LIMIT_MS = 2 * PUBLISH_TIMEOUT_MS;
const BROKER_DOWN_MS = 10_000;
const NO_QUORUM_MS = 10_000;
// A backend service publishing over NATS with the client package, alongside, through the broker faults.
const BACKEND = 'chaos-backend';

/**
 * The promise "every event answered accepted is stored exactly once", held through the faults a
 * production cluster sees: the EVENTS stream's leader killed (kill -9) and restarted, a rolling
 * restart of all three servers, two servers down at once (no quorum), and an ingestor replica
 * killed mid-batch. The gateway and both
 * ingestors know all three servers (comma-separated NATS_URL) and the streams are R3.
 */
describe('a three-server NATS cluster losing its leader, restarted server by server, losing quorum, and an ingestor killed', () => {
  const namespace = uniqueNamespace('chaos');
  const topology = new EventTopology('');
  const mongoUrl = databaseUrl(testServers().mongoUrl, namespace);
  const key = testApiKey('chaos', ['ingest', 'query']);
  const signingSecret = randomBytes(16).toString('hex');
  const querySigningSecret = randomBytes(16).toString('hex');
  const backendSecret = randomBytes(16).toString('hex');
  const sessions = Array.from({ length: 50 }, () => randomUUID());
  const figures: Record<string, IngestWindow & { detail: string }> = {};
  let cluster: NatsCluster;
  let gateway: AppProcess;
  let query: AppProcess;
  let gatewayUrl: string;
  const ingestors: IngestorProcess[] = [];
  let store: EventStore;
  let stopPosting: (() => Promise<unknown>) | undefined;

  const ingestorEnv = () => ({
    ...cluster.credentials('ingestor'),
    NATS_URL: cluster.url,
    MONGO_URL: mongoUrl,
    STREAM_REPLICAS: '3',
    INGEST_CATEGORIES: 'party',
    // A killed replica's messages come back after this, rather than after the default 30 s.
    ACK_WAIT_MS: '5000',
    // Smaller batches than the default 500 messages, so that the burst below is more than one
    // batch (a replica behind takes a whole pull as one batch) and the kill lands in one of them;
    // not much smaller: every batch also writes its sessions' summaries, which FerretDB on SQLite
    // pays for with the queries' time (at 20, one query of the run outlasted its 5 s once).
    INGEST_BATCH_SIZE: '100',
    PUBLISHER_SECRETS: JSON.stringify({ [GATEWAY_PUBLISHER_ID]: signingSecret, [BACKEND]: backendSecret }),
    LOG_LEVEL: 'info',
  });

  beforeAll(async () => {
    cluster = await NatsCluster.start();
    ingestors.push(await IngestorProcess.start(ingestorEnv()), await IngestorProcess.start(ingestorEnv()));
    const gatewayPort = await freePort();
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    gateway = new AppProcess('gateway', {
      ...cluster.credentials('gateway'),
      NATS_URL: cluster.url,
      MONGO_URL: mongoUrl,
      STREAM_REPLICAS: '3',
      HOST: '127.0.0.1',
      PORT: String(gatewayPort),
      API_KEYS: JSON.stringify([key.entry]),
      GATEWAY_SIGNING_SECRET: signingSecret,
      QUERY_SIGNING_SECRET: querySigningSecret,
      PUBLISH_TIMEOUT_MS: String(PUBLISH_TIMEOUT_MS),
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'error',
    });
    const queryPort = await freePort();
    query = new AppProcess('query', {
      ...cluster.credentials('query'),
      NATS_URL: cluster.url,
      MONGO_URL: mongoUrl,
      QUERY_CURSOR_SECRET: randomBytes(16).toString('hex'),
      QUERY_SIGNING_SECRET: querySigningSecret,
      HEALTH_HOST: '127.0.0.1',
      HEALTH_PORT: String(queryPort),
      LOG_LEVEL: 'error',
    });
    await gateway.waitUntilOk(`${gatewayUrl}/health/ready`, 90_000);
    await query.waitUntilOk(`http://127.0.0.1:${queryPort}/health/ready`, 90_000);
    await cluster.waitUntilCurrent(topology.eventsStream);
    store = await EventStore.open(mongoUrl);
  }, 180_000);

  afterAll(async () => {
    await stopPosting?.();
    console.log(
      `measured ingest unavailability (gateway PUBLISH_TIMEOUT_MS=${PUBLISH_TIMEOUT_MS}):\n${report(figures)}`,
    );
    await Promise.all([
      gateway?.stop(),
      query?.stop(),
      ...ingestors.map((i) => (i.kill('SIGTERM'), i.exited)),
    ]);
    await store?.close();
    await cluster?.dispose();
  }, 60_000);

  it('stores every event answered accepted exactly once, answers 503 rather than hanging, and keeps answering queries', async () => {
    const ledger = new IngestLedger(gatewayUrl, key.key, 'chaos', sessions);
    let faultsDone = false;
    const paced = ledger.post({
      events: PACED_EVENTS,
      batch: PACED_BATCH,
      everyMs: PACED_EVERY_MS,
      stop: () => faultsDone,
    });
    stopPosting = () => {
      faultsDone = true;
      return ledger.client.close({ timeoutMs: 1_000 });
    };
    await eventually(() => expect(ledger.confirmed.size).toBeGreaterThanOrEqual(1_000), {
      timeoutMs: 60_000,
    }).catch((error: unknown) => {
      throw new Error(
        `${String(error)}\ningest: ${ledger.window(0, Date.now()).timeline}\n${gateway.output()}`,
      );
    });
    const queries = probeQueries(ledger, sessions[0]);
    const { NATS_USER: user, NATS_PASS: pass } = cluster.credentials('demo-backend');
    const backend = await NatsPublisherLedger.connect(
      cluster.url,
      { user, pass },
      BACKEND,
      backendSecret,
      sessions,
    );
    backend.start(10, 500);
    const stopHttp = stopPosting;
    stopPosting = () => Promise.all([stopHttp(), backend.stop()]);
    const nonLeaderQueries: Record<number, number>[] = [];

    // 1. kill -9 the server leading EVENTS; bring it back after 10 s.
    let from = Date.now();
    const leader = await cluster.streamLeader(topology.eventsStream);
    await cluster.kill(leader);
    await sleep(BROKER_DOWN_MS);
    await cluster.start(leader);
    await cluster.waitUntilCurrent(topology.eventsStream);
    await cluster.waitUntilCurrent(topology.dlqStream);
    await sleep(2_000); // a stretch of normal service closes the window
    figures['leader kill -9'] = {
      ...ledger.window(from, Date.now()),
      detail: `${leader}, down ${BROKER_DOWN_MS / 1000} s`,
    };

    // 2. Rolling restart: each server in turn, the next only once everything is current again;
    // those leading nothing first, so that queries are watched through a non-leader's loss.
    const restarted = new Set<string>();
    while (restarted.size < cluster.members.length) {
      from = Date.now();
      const current = await cluster.streamLeader(topology.eventsStream);
      const pending = cluster.members.map((m) => m.name).filter((name) => !restarted.has(name));
      const member = pending.find((name) => name !== current) ?? current;
      restarted.add(member);
      await cluster.kill(member, 'SIGTERM');
      await sleep(3_000);
      await cluster.start(member);
      await cluster.waitUntilCurrent(topology.eventsStream);
      await cluster.waitUntilCurrent(topology.dlqStream);
      await sleep(1_000);
      const queries = ledger.queryStatuses(from, Date.now());
      figures[`restart ${member}`] = {
        ...ledger.window(from, Date.now()),
        detail: `${member === current ? 'the EVENTS leader' : 'not the EVENTS leader'}, query answers ${JSON.stringify(queries)}`,
      };
      if (member !== current) nonLeaderQueries.push(queries);
    }
    const queryFailures = await queries.stop();

    // 3. No quorum: two of the three servers down. Ingest is refused (503) within the publish
    // timeout and readiness says so; both come back by themselves once the servers are back.
    from = Date.now();
    const readiness = probeReadiness([
      `${gatewayUrl}/health/ready`,
      `${ingestors[1].healthUrl()}/health/ready`,
    ]);
    await eventually(() => expect(readiness.latest()).toEqual([200, 200]), { timeoutMs: 30_000 });
    const [survivor, ...downed] = cluster.members.map((m) => m.name);
    for (const member of downed) await cluster.kill(member);
    const lostAt = Date.now();
    await sleep(NO_QUORUM_MS);
    const restoredAt = Date.now();
    for (const member of downed) await cluster.start(member);
    await cluster.waitUntilCurrent(topology.eventsStream);
    await cluster.waitUntilCurrent(topology.dlqStream);
    await eventually(() => expect(readiness.latest()).toEqual([200, 200]), { timeoutMs: 30_000 });
    const answers = readiness.stop();
    await sleep(1_000);
    figures['no quorum'] = {
      ...ledger.window(from, Date.now()),
      detail: `${downed.join(' and ')} kill -9, ${survivor} alone for ${NO_QUORUM_MS / 1000} s`,
    };
    for (const probed of answers) {
      const whileLost = probed.filter((a) => a.at > lostAt && a.at < restoredAt).map((a) => a.status);
      expect(whileLost).toContain(503);
    }
    faultsDone = true;
    await Promise.all([paced, backend.stop()]);

    // 4. The rest as fast as the gateway answers; one ingestor replica is killed mid-batch.
    from = Date.now();
    const victim = ingestors[0];
    const batchesBefore = victim.messages().filter((m) => m.msg === 'batch settled').length;
    const burst = ledger.post({ events: TOTAL_EVENTS - ledger.posted, batch: 100, everyMs: 0 });
    await eventually(
      () =>
        expect(victim.messages().filter((m) => m.msg === 'batch settled').length).toBeGreaterThan(
          batchesBefore,
        ),
      { timeoutMs: 60_000, intervalMs: 20 },
    );
    victim.kill('SIGKILL');
    await victim.exited;
    await burst;
    figures['ingestor kill -9'] = {
      ...ledger.window(from, Date.now()),
      detail: 'one of two replicas, mid-batch',
    };

    expect(ledger.posted).toBe(TOTAL_EVENTS);
    expect(ledger.unconfirmed).toEqual([]);
    expect(ledger.confirmed.size).toBe(TOTAL_EVENTS);

    expect(backend.unconfirmed).toEqual([]);
    expect(backend.confirmed.size).toBeGreaterThan(0);
    console.log(`${backend.confirmed.size} events published over NATS by ${BACKEND}, all acknowledged`);

    // Every event answered accepted/duplicate (or acknowledged to the backend) is stored, once,
    // as posted; nothing else is.
    const expected = TOTAL_EVENTS + backend.confirmed.size;
    await eventually(async () => expect(await store.count()).toBeGreaterThanOrEqual(expected), {
      timeoutMs: 120_000,
      intervalMs: 1_000,
    });
    const stored = await store.find({}, { _id: 1 });
    const byId = new Map<string, number>();
    for (const doc of stored) byId.set(doc._id, (byId.get(doc._id) ?? 0) + 1);
    expect(stored).toHaveLength(expected);
    expect([...byId.values()].every((count) => count === 1)).toBe(true);
    // `_id` is the (application, event_id) key; the ledgers know events by their event_id.
    const postedPath = (doc: { event_id: string; name?: unknown }) =>
      doc.name === BACKEND ? backend.confirmed.get(doc.event_id) : ledger.confirmed.get(doc.event_id)?.path;
    const wrong = stored.filter((doc) => postedPath(doc) !== (doc.data as { path: string }).path);
    expect(wrong).toEqual([]);

    // The gateway was never restarted, never held a request past its publish timeout, and only
    // ever answered 202, or 503 while the stream had no leader.
    expect(gateway.running).toBe(true);
    const ingest = ledger.requests.filter((r) => r.path === '/v1/events');
    expect(ingest.filter((r) => r.status !== 202 && r.status !== 503)).toEqual([]);
    expect(ingest.filter((r) => r.endedAt - r.startedAt > HANG_LIMIT_MS)).toEqual([]);
    // Queries kept answering (the SDK retries a 5xx twice) throughout, and at the HTTP level
    // while a server leading nothing was away.
    expect(queryFailures).toEqual([]);
    expect(nonLeaderQueries.length).toBeGreaterThan(0);
    for (const statuses of nonLeaderQueries) expect(Object.keys(statuses)).toEqual(['200']);
    // After every fault, ingest came back without restarting anything.
    for (const window of Object.values(figures)) expect(window.statuses[202]).toBeGreaterThan(0);
    // The surviving replica took over the killed one's unacknowledged messages.
    expect(ingestors[1].inserted()).toBeGreaterThan(0);
  }, 420_000);
});

/** Asks the gateway for a session's events every 200 ms until stopped; keeps the failures. */
function probeQueries(ledger: IngestLedger, sessionId: string) {
  let running = true;
  const failures: string[] = [];
  const loop = (async () => {
    while (running) {
      await ledger.client.sessions.events(sessionId, { limit: 10 }).catch((error: unknown) => {
        failures.push(error instanceof Error ? error.message : String(error));
      });
      await sleep(200);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return failures;
    },
  };
}

/** Polls readiness endpoints every 250 ms until stopped, keeping every answer with its time. */
function probeReadiness(urls: string[]) {
  const answers: { at: number; status: number }[][] = urls.map(() => []);
  let running = true;
  const loops = urls.map(async (url, i) => {
    while (running) {
      const at = Date.now();
      const status = await fetch(url, { signal: AbortSignal.timeout(5_000) }).then(
        (r) => r.status,
        () => 0,
      );
      answers[i].push({ at, status });
      await sleep(250);
    }
  });
  return {
    latest: () => answers.map((a) => a.at(-1)?.status),
    stop() {
      running = false;
      void Promise.all(loops);
      return answers;
    },
  };
}

function report(figures: Record<string, IngestWindow & { detail: string }>): string {
  return Object.entries(figures)
    .map(
      ([fault, w]) =>
        `  ${fault} (${w.detail}): ingest unavailable ${w.unavailableMs} ms, ` +
        `${w.failed}/${w.requests} requests not 202, slowest ${w.slowestMs} ms\n    ${w.timeline}`,
    )
    .join('\n');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
