import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { jetstreamManager } from '@nats-io/jetstream';
import { EventTopology } from '@eventline/contracts';
import { connectNats } from '@eventline/messaging';
import { eventually } from '../../support/eventually.js';
import { freePort } from '../../support/free-port.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';
import { AppProcess } from './support/app-process.js';
import { composeEnvironment, withoutNatsCredentials, root } from './support/compose-file.js';

const run = promisify(execFile);

/** The image's HEALTHCHECK command (deploy/healthcheck.mjs), pointed at one process: its exit code. */
async function healthcheck(pid: number): Promise<number> {
  try {
    await run(process.execPath, [`${root}deploy/healthcheck.mjs`, String(pid)]);
    return 0;
  } catch (error) {
    return (error as { code: number }).code;
  }
}

describe("the image's HEALTHCHECK", () => {
  const { natsUrl, mongoUrl } = testServers();
  const namespace = uniqueNamespace('healthcheck');
  const base = {
    NODE_ENV: 'production',
    NATS_URL: natsUrl,
    MONGO_URL: databaseUrl(mongoUrl, namespace),
    EVENTLINE_NAMESPACE: namespace,
  };

  afterAll(async () => {
    const nc = await connectNats({ url: natsUrl, name: 'healthcheck-cleanup' });
    const jsm = await jetstreamManager(nc);
    const topology = new EventTopology(namespace);
    for (const stream of [topology.eventsStream, topology.dlqStream])
      await jsm.streams.delete(stream).catch(() => false);
    await nc.close();
  });

  it('passes for an ingestor on HEALTH_PORT=0 (any free port), and fails once it has stopped', async () => {
    const ingestor = new AppProcess('ingestor', {
      ...withoutNatsCredentials(composeEnvironment('ingestor')),
      ...base,
      HEALTH_PORT: '0',
    });
    try {
      // HEALTH_PORT=0: the port the app picked is in its "health endpoints listening" log line.
      const url = await eventually(() => {
        const logged = /"url":"(http:[^"]+)"/.exec(ingestor.stdout)?.[1];
        expect(logged).toBeDefined();
        return logged!.replace('0.0.0.0', '127.0.0.1').replace('[::]', '127.0.0.1');
      });
      await ingestor.waitUntilOk(`${url}/health/ready`);
      expect(await healthcheck(ingestor.pid)).toBe(0);
    } finally {
      await ingestor.stop();
    }
    expect(await healthcheck(ingestor.pid)).toBe(1);
  });

  it('passes for a gateway on its own HOST and PORT', async () => {
    const port = await freePort();
    const gateway = new AppProcess('gateway', {
      ...withoutNatsCredentials(composeEnvironment('gateway')),
      ...base,
      HOST: '127.0.0.1',
      PORT: String(port),
    });
    try {
      await gateway.waitUntilOk(`http://127.0.0.1:${port}/health/ready`);
      expect(await healthcheck(gateway.pid)).toBe(0);
    } finally {
      await gateway.stop();
    }
  });

  it('fails while the app is up but not ready (NATS unreachable)', async () => {
    const port = await freePort();
    const query = new AppProcess('query', {
      ...withoutNatsCredentials(composeEnvironment('query')),
      ...base,
      NATS_URL: `nats://127.0.0.1:${await freePort()}`,
      HEALTH_PORT: String(port),
    });
    try {
      await query.waitUntilOk(`http://127.0.0.1:${port}/health/live`);
      expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(503);
      expect(await healthcheck(query.pid)).toBe(1);
    } finally {
      await query.stop();
    }
  });
});
