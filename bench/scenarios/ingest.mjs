import os from 'node:os';
import path from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connectNats, freePort, importDist, ROOT, RunSpace } from '../lib/environment.mjs';
import {
  AUTH,
  availableApps,
  finishProfiling,
  profileFileFor,
  profiling,
  startGateway,
  startProfiling,
} from '../lib/eventline.mjs';
import { BENCH_CATEGORY, requestBody } from '../lib/events.mjs';
import { runLoad } from '../lib/load.mjs';
import { CpuMeter, httpOk, startNode } from '../lib/processes.mjs';

/** Creates the namespace's streams and consumers the way the apps do, so both sides meet the same stream. */
export async function provision(space) {
  const { provisionTopology, DEFAULT_PROVISION_OPTIONS } = await importDist('libs/messaging/src/index.js');
  const nc = await connectNats(space.natsUrl);
  try {
    await provisionTopology(nc, space.topology, [BENCH_CATEGORY], DEFAULT_PROVISION_OPTIONS);
  } finally {
    await nc.close();
  }
}

export async function purge(space) {
  const nc = await connectNats(space.natsUrl);
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.purge(space.topology.eventsStream);
  } finally {
    await nc.close();
  }
}

async function startRawPublisher(space, options, profileFile) {
  const port = await freePort();
  const prof = profiling(profileFile);
  const proc = await startNode({
    name: 'raw-publish',
    script: path.join(ROOT, 'bench', 'raw', 'publish-server.mjs'),
    nodeArgs: prof.nodeArgs,
    logDir: options.logDir,
    env: {
      ...prof.env,
      PORT: String(port),
      NATS_URL: space.natsUrl,
      SUBJECT: space.topology.eventsSubject(BENCH_CATEGORY),
    },
    ready: httpOk(`http://127.0.0.1:${port}/ready`),
  });
  proc.url = `http://127.0.0.1:${port}/publish`;
  proc.profileFile = profileFile;
  return proc;
}

/**
 * Drives one HTTP server with autocannon: warm-up, then the measured run, with the CPU each
 * process used meanwhile. The server is stopped afterwards; its peak RSS is part of the result.
 */
async function measure(proc, url, body, options, headers, watched) {
  await runLoad({ url, body, headers, connections: options.connections, seconds: options.warmupSeconds });
  startProfiling(proc); // after the warm-up: start-up and JIT are left out
  const meter = new CpuMeter([proc, ...watched]);
  const load = await runLoad({
    url,
    body,
    headers,
    connections: options.connections,
    seconds: options.seconds,
  });
  const cpu = meter.stop();
  const final = await proc.stop();
  // The server's own CPU per accepted request: unlike req/s it barely moves when other processes
  // take the cores, so the efficiency ratio (events per server CPU-second, eventline ÷ raw route)
  // still says something on a loaded machine.
  const serverCores = cpu[proc.name];
  const cpuMicrosPerRequest = load.okPerSecond > 0 ? (serverCores / load.okPerSecond) * 1e6 : null;
  return {
    ...load,
    cpu,
    serverCores,
    cpuMicrosPerRequest,
    peakRssMb: final?.peakRssMb ?? null,
    cpus: final?.cpus ?? null,
  };
}

/**
 * Ingest with `eventsPerRequest` events per request at `connections` connections: the gateway
 * against the bare publish route, each run on a fresh namespace, the two alternating so drift of
 * this shared machine hits both alike.
 */
export async function ingestScenario(
  eventsPerRequest,
  options,
  watched,
  { eventBytes = undefined, ceiling: withCeiling = true } = {},
) {
  const body = requestBody(eventsPerRequest, eventBytes);
  const runs = [];
  for (let run = 0; run < options.runs; run++) {
    const space = await RunSpace.create(`in${eventsPerRequest}`, options);
    try {
      await provision(space);
      const measureCeiling = async () => {
        if (!withCeiling) return null;
        const raw = await startRawPublisher(
          space,
          options,
          profileFileFor(options, `raw-publish-ingest${eventsPerRequest}-run${run + 1}`),
        );
        const result = await measure(raw, raw.url, body, options, {}, watched);
        await purge(space);
        result.profile = finishProfiling(raw, options);
        return result;
      };
      const measureEventline = async () => {
        if (!availableApps().gateway) return null;
        const gateway = await startGateway(space, options, {
          profileFile: profileFileFor(options, `gateway-ingest${eventsPerRequest}-run${run + 1}`),
        });
        const result = await measure(gateway, `${gateway.url}/v1/events`, body, options, AUTH, watched);
        await purge(space);
        result.profile = finishProfiling(gateway, options);
        return result;
      };
      // Alternate which side goes first, so a drift of this shared machine does not favour one.
      let ceiling;
      let eventline;
      if (run % 2 === 0) {
        ceiling = await measureCeiling();
        eventline = await measureEventline();
      } else {
        eventline = await measureEventline();
        ceiling = await measureCeiling();
      }
      runs.push({ ceiling, eventline });
      const cpuOf = (m) => `${m.cpuMicrosPerRequest?.toFixed(0) ?? '?'} µs CPU/req`;
      options.log(
        `  run ${run + 1}: ` +
          (ceiling ? `ceiling ${ceiling.okPerSecond.toFixed(0)} req/s, ${cpuOf(ceiling)}` : 'no ceiling') +
          (eventline
            ? `; eventline ${eventline.okPerSecond.toFixed(0)} req/s, ${cpuOf(eventline)} (non-2xx ${eventline.non2xx})`
            : '') +
          ` (load average ${os.loadavg()[0].toFixed(1)})`,
      );
    } finally {
      await space.cleanup();
    }
  }
  return { eventsPerRequest, bodyBytes: Buffer.byteLength(body), connections: options.connections, runs };
}
