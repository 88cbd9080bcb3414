// `npm run bench [-- --quick] [-- --only ingest1,drain] [-- --runs 3] [-- --profile]`
// Starts the built system against the local NATS and MongoDB-wire server, drives it on loopback,
// and prints one table of eventline's figures beside raw ceilings measured in the same run. See
// docs/benchmarks.md for what each figure means and what limits it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkReachable, ROOT, RunSpace, servers } from './lib/environment.mjs';
import { availableApps, measureCeilingsOnly } from './lib/eventline.mjs';
import { findServerPid, procStats } from './lib/processes.mjs';
import { medianCpu, renderCpu, renderTable, row } from './lib/report.mjs';
import { median, summarize } from './lib/stats.mjs';
import { drainScenario } from './scenarios/drain.mjs';
import { ingestScenario } from './scenarios/ingest.mjs';
import { lagScenario } from './scenarios/lag.mjs';
import { queryScenario } from './scenarios/query.mjs';
import { validationScenario } from './scenarios/validation.mjs';

const SCENARIOS = ['validation', 'ingest1', 'ingest100', 'ingest1mib', 'drain', 'lag', 'query'];

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    runs: { type: 'string' },
    seconds: { type: 'string' },
    backlog: { type: 'string' },
    stored: { type: 'string' },
    'log-level': { type: 'string', default: 'info' }, // the apps' shipped default: logging is part of the cost
    profile: { type: 'boolean', default: false },
    'ceilings-only': { type: 'boolean', default: false },
    connections: { type: 'string' },
    // KEY=VALUE, repeatable: settings the gateway runs with (e.g. INGEST_BYTES_IN_FLIGHT), for A/B runs.
    'gateway-env': { type: 'string', multiple: true },
  },
});

const quick = args.quick;
if (args['ceilings-only']) measureCeilingsOnly();
const { natsUrl, mongoUrl } = servers();
const resultsDir = path.join(ROOT, 'bench', 'results');
const options = {
  natsUrl,
  mongoUrl,
  quick,
  runs: Number(args.runs ?? (quick ? 1 : 3)),
  seconds: Number(args.seconds ?? (quick ? 3 : 10)),
  warmupSeconds: quick ? 1 : 3,
  connections: Number(args.connections ?? 50),
  backlog: Number(args.backlog ?? (quick ? 5_000 : 200_000)),
  stored: Number(args.stored ?? (quick ? 2_000 : 10_000)),
  querySamples: quick ? 3 : 5,
  insertBatch: 5_000,
  insertConcurrency: 1,
  drainTimeoutMs: quick ? 120_000 : 900_000,
  validationIterations: quick ? 20_000 : 100_000,
  logLevel: args['log-level'],
  profile: args.profile,
  resultsDir,
  logDir: path.join(resultsDir, 'logs'),
  log: (line) => console.log(line),
  gatewayEnv: Object.fromEntries(
    (args['gateway-env'] ?? []).map((pair) => [
      pair.slice(0, pair.indexOf('=')),
      pair.slice(pair.indexOf('=') + 1),
    ]),
  ),
};
const only = args.only ? args.only.split(',') : SCENARIOS;
for (const name of only)
  if (!SCENARIOS.includes(name)) throw new Error(`unknown scenario ${name}; one of ${SCENARIOS.join(', ')}`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    console.error(`\n${signal}: deleting this run's streams and databases`);
    await RunSpace.cleanupAll();
    process.exit(130);
  });
}

/** A process's peak RSS (MB) as a table row, against the memory target. */
function peakRssRow(scenario, processName, mb) {
  return {
    scenario,
    metric: `peak RSS ${processName}`,
    unit: 'MB',
    eventline: summarize([mb]),
    ceiling: summarize([]),
    ratio: null,
    higherIsBetter: false,
    target: '≤ 300',
    met: mb > 0 && mb <= 300,
  };
}

async function main() {
  const started = new Date();
  const versions = await checkReachable({ natsUrl, mongoUrl });
  const natsPid = findServerPid('nats-server', new URL(natsUrl.split(',')[0]).port || 4222);
  const ferretPid = findServerPid('ferretdb', new URL(mongoUrl).port || 27017);
  const watched = [
    { name: 'bench+autocannon', pid: process.pid },
    { name: 'nats-server', pid: natsPid },
    { name: 'ferretdb', pid: ferretPid },
  ];
  const apps = availableApps();
  const machine = {
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    ...versions,
    // Which backend FerretDB runs on decides every storage figure (docs/benchmarks.md).
    store: process.env.EVENTLINE_STORE_DESCRIPTION ?? 'the server at MONGO_URL',
    // CPU affinity as the kernel reports it; the apps and raw servers inherit the bench's.
    affinity: {
      'bench, autocannon and every process it starts': procStats(process.pid)?.cpus,
      'nats-server': natsPid ? procStats(natsPid)?.cpus : 'not found',
      ferretdb: ferretPid ? procStats(ferretPid)?.cpus : 'not found',
    },
    note: 'no process is pinned: apps, NATS, FerretDB and autocannon share every core',
    // Other work on the machine moves every throughput figure; the CPU-per-request rows much less.
    loadAverageAtStart: os.loadavg(),
  };
  console.log(
    `eventline bench (${quick ? 'quick' : 'full'}): ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, ` +
      `NATS ${machine.nats}, ${machine.mongoWire} (${machine.store})`,
  );
  console.log(
    `CPU affinity: ${Object.entries(machine.affinity)
      .map(([who, cpus]) => `${who} ${cpus}`)
      .join('; ')} (none pinned)`,
  );
  console.log(`load average ${machine.loadAverageAtStart.map((l) => l.toFixed(1)).join(' ')} (1, 5, 15 min)`);
  console.log(
    `runs ${options.runs} × ${options.seconds}s (+${options.warmupSeconds}s warm-up), backlog ${options.backlog}, stored ${options.stored}`,
  );
  const missing = Object.entries(apps)
    .filter(([, file]) => !file)
    .map(([app]) => app);
  if (missing.length) console.log(`not built yet: ${missing.join(', ')} — their figures are left empty`);

  const results = {};
  const rows = [];
  const cpuRows = [];
  const peaks = {};
  const notePeak = (name, mb) => {
    if (mb) peaks[name] = Math.max(peaks[name] ?? 0, mb);
  };

  if (only.includes('validation')) {
    console.log('validation micro-benchmark');
    const v = await validationScenario({
      runs: options.runs === 1 ? 1 : 3,
      iterations: options.validationIterations,
    });
    results.validation = v;
    for (const [name, samples] of Object.entries(v)) {
      rows.push({
        scenario: 'validation (1 core)',
        metric: name,
        unit: 'µs',
        eventline: summarize(samples),
        ceiling: summarize([]),
        ratio: null,
        higherIsBetter: false,
        target: null,
      });
    }
  }

  // The memory target's load: bodies just under the 1 MiB body limit (500 events of ~2 KB, the
  // most events a request may hold), 50 of them in flight at a time.
  for (const [key, perRequest, eventBytes] of [
    ['ingest1', 1],
    ['ingest100', 100],
    ['ingest1mib', 500, 2_000],
  ]) {
    if (!only.includes(key)) continue;
    console.log(
      `ingest, ${perRequest} event(s) per request${eventBytes ? ` of ${eventBytes} bytes` : ''}, ${options.connections} connections`,
    );
    // No raw route for 1 MiB bodies: one message that large exceeds the stream's message limit.
    const r = await ingestScenario(perRequest, options, watched, { eventBytes, ceiling: !eventBytes });
    results[key] = r;
    if (eventBytes) {
      const label = `ingest ${perRequest}×${eventBytes / 1000} KB/req (${(r.bodyBytes / 2 ** 20).toFixed(2)} MiB), ${options.connections} conn`;
      const peak = Math.max(...r.runs.map((run) => run.eventline?.peakRssMb ?? 0));
      rows.push(
        row(label, 'accepted events/s', 'ev/s', r.runs, (m) => m.okPerSecond * perRequest),
        row(label, 'accepted events per server CPU-second', 'ev/CPU-s', r.runs, (m) =>
          m.cpuMicrosPerRequest ? (perRequest * 1e6) / m.cpuMicrosPerRequest : NaN,
        ),
        peakRssRow(label, 'gateway', peak),
      );
      cpuRows.push({ label: `${label}: gateway`, cpu: medianCpu(r.runs, 'eventline') });
      continue;
    }
    const label = `ingest ${perRequest}/req, ${options.connections} conn`;
    const isSingle = perRequest === 1;
    rows.push(
      row(
        label,
        isSingle ? 'accepted req/s' : 'accepted events/s',
        isSingle ? 'req/s' : 'ev/s',
        r.runs,
        (m) => m.okPerSecond * perRequest,
        {
          target: isSingle ? '≥ 10,000 and ≥ 0.65' : '≥ 250,000 and ≥ 0.50',
          meets: isSingle
            ? (v, ratio) => v >= 10_000 && ratio >= 0.65
            : (v, ratio) => v >= 250_000 && ratio >= 0.5,
        },
      ),
      // The same ratio target judged on CPU: events per CPU-second of the server process (the
      // gateway, the raw route), which a loaded machine moves far less than throughput.
      row(
        label,
        'accepted events per server CPU-second',
        'ev/CPU-s',
        r.runs,
        (m) => (m.cpuMicrosPerRequest ? (perRequest * 1e6) / m.cpuMicrosPerRequest : NaN),
        {
          target: isSingle ? '≥ 0.65' : '≥ 0.50',
          meets: (_v, ratio) => ratio >= (isSingle ? 0.65 : 0.5),
        },
      ),
      row(label, 'server CPU per request', 'µs', r.runs, (m) => m.cpuMicrosPerRequest ?? NaN, {
        higherIsBetter: false,
      }),
      row(label, 'latency p50', 'ms', r.runs, (m) => m.p50, { higherIsBetter: false }),
      row(label, 'latency p99', 'ms', r.runs, (m) => m.p99, {
        higherIsBetter: false,
        target: isSingle ? '≤ 20' : '≤ 100',
        meets: (v) => v <= (isSingle ? 20 : 100),
      }),
    );
    cpuRows.push(
      { label: `${label}: raw route`, cpu: medianCpu(r.runs, 'ceiling') },
      { label: `${label}: gateway`, cpu: medianCpu(r.runs, 'eventline') },
    );
    for (const run of r.runs) notePeak('gateway', run.eventline?.peakRssMb);
  }

  if (only.includes('drain')) {
    console.log(`ingestor drain of a ${options.backlog}-event backlog`);
    const r = await drainScenario(options, watched);
    results.drain = r;
    rows.push(
      row(
        `drain ${options.backlog.toLocaleString('en-US')} backlog`,
        'stored events/s',
        'ev/s',
        r.runs,
        (m) => m.eventsPerSecond,
        { target: '≥ 0.80', meets: (_v, ratio) => ratio >= 0.8 },
      ),
    );
    cpuRows.push(
      { label: 'drain: bare insertMany', cpu: medianCpu(r.runs, 'ceiling') },
      { label: 'drain: ingestor', cpu: medianCpu(r.runs, 'eventline') },
    );
    for (const run of r.runs) notePeak('ingestor', run.eventline?.peakRssMb);
  }

  if (only.includes('lag')) {
    const maxRate = results.ingest1?.runs.map((x) => x.eventline?.okPerSecond).filter(Number.isFinite);
    const drainRate = results.drain?.runs.map((x) => x.eventline?.eventsPerSecond).filter(Number.isFinite);
    // The lag target's rate (docs/benchmarks.md): half the maximum single-event ingest. When the database cannot store that
    // many, a backlog grows and the lag with it; so also at half the ingestor's measured drain rate.
    const passes = [
      { key: 'lag', label: '50% of max ingest', rate: maxRate?.length ? median(maxRate) / 2 : null },
    ];
    if (drainRate?.length)
      passes.push({ key: 'lagStorage', label: '50% of drain rate', rate: median(drainRate) / 2 });
    for (const pass of passes) {
      console.log(`end-to-end lag, 202 → queryable, at ${pass.label}`);
      const r = await lagScenario(options, watched, pass.rate);
      results[pass.key] = r;
      if (!r) continue;
      const label = `end-to-end, ${pass.label} (${Math.round(r.rate)} req/s)`;
      rows.push(
        row(label, 'lag 202→queryable p50', 'ms', r.runs, (m) => m.p50, { higherIsBetter: false }),
        // The target is set at half the maximum ingest; the other pass is for understanding.
        row(label, 'lag 202→queryable p99', 'ms', r.runs, (m) => m.p99, {
          higherIsBetter: false,
          ...(pass.key === 'lag' ? { target: '≤ 250', meets: (v) => v <= 250 } : {}),
        }),
        row(label, 'achieved req/s', 'req/s', r.runs, (m) => m.achievedReqPerSecond),
      );
      cpuRows.push({ label: `end-to-end, ${pass.label}`, cpu: medianCpu(r.runs, 'eventline') });
      for (const run of r.runs)
        for (const [n, mb] of Object.entries(run.eventline?.peakRssMb ?? {})) notePeak(n, mb);
    }
  }

  if (only.includes('query')) {
    console.log(`queries with ${options.stored.toLocaleString('en-US')} events stored`);
    const r = await queryScenario(options, watched);
    results.query = r;
    for (const q of r.queries) {
      rows.push(
        row(`query: ${q.label}`, 'p50', 'ms', q.runs, (m) => m.p50, {
          higherIsBetter: false,
          ...(q.target ? { target: `${q.target}, at 1M stored`, meets: (v) => v <= 15 } : {}),
        }),
        row(`query: ${q.label}`, 'p99', 'ms', q.runs, (m) => m.p99, { higherIsBetter: false }),
      );
    }
    for (const [n, mb] of Object.entries(r.peakRssMb ?? {})) notePeak(n, mb);
    if (r.cpu) cpuRows.push({ label: 'queries (eventline side)', cpu: r.cpu });
  }

  for (const [name, mb] of Object.entries(peaks)) rows.push(peakRssRow('memory', name, mb));

  const table = renderTable(rows);
  const cpuTable = cpuRows.length ? renderCpu(cpuRows) : '';
  console.log(`\n${table}\n`);
  if (cpuTable)
    console.log(
      `cores busy per process (CPU s per wall s; ${machine.cores} cores in all, shared):\n${cpuTable}\n`,
    );

  fs.mkdirSync(resultsDir, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const file = path.join(resultsDir, `${stamp}${quick ? '-quick' : ''}.json`);
  const out = {
    started: started.toISOString(),
    finished: new Date().toISOString(),
    loadAverageAtEnd: os.loadavg(),
    mode: quick ? 'quick' : 'full',
    machine,
    options: { ...options, log: undefined },
    rows,
    cpu: cpuRows,
    results,
    table,
    cpuTable,
    problems: problemsIn(results, apps),
  };
  fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`load average at the end ${out.loadAverageAtEnd.map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`written ${path.relative(ROOT, file)}`);
  if (out.problems.length) {
    // A figure built on failed requests or lost events is no figure: fail, so CI notices the rot.
    console.error(`\nthe bench itself failed:\n- ${out.problems.join('\n- ')}`);
    process.exitCode = 1;
  }
}

/** What makes a run invalid (not slow: wrong). Targets are not checked here; timings never fail. */
function problemsIn(results, apps) {
  const problems = [];
  for (const key of ['ingest1', 'ingest100']) {
    for (const [i, run] of (results[key]?.runs ?? []).entries()) {
      for (const side of ['ceiling', 'eventline']) {
        const m = run[side];
        if (!m) continue;
        if (m.ok === 0) problems.push(`${key} run ${i + 1}: ${side} accepted no request`);
        if (m.non2xx || m.errors || m.timeouts)
          problems.push(
            `${key} run ${i + 1}: ${side} had ${m.non2xx} non-2xx, ${m.errors} errors, ${m.timeouts} timeouts`,
          );
      }
    }
  }
  for (const [i, run] of (results.drain?.runs ?? []).entries()) {
    if (run.eventline && run.eventline.stored !== run.eventline.expected)
      problems.push(`drain run ${i + 1}: ${run.eventline.stored} of ${run.eventline.expected} events stored`);
  }
  for (const [i, run] of [...(results.lag?.runs ?? []), ...(results.lagStorage?.runs ?? [])].entries()) {
    const m = run.eventline;
    if (m.failures || m.probes === 0)
      problems.push(`lag run ${i + 1}: ${m.failures} of ${m.probes} probes failed (${m.firstFailure})`);
  }
  for (const q of results.query?.queries ?? []) {
    if (apps.query && apps.gateway && !q.items)
      problems.push(`query ${q.label}: the route returned no items`);
    for (const [i, run] of q.runs.entries()) {
      if (run.eventline?.non2xx)
        problems.push(`query ${q.label} run ${i + 1}: ${run.eventline.non2xx} non-2xx`);
    }
  }
  return problems;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  async (error) => {
    console.error(error);
    await RunSpace.cleanupAll();
    process.exit(1);
  },
);
