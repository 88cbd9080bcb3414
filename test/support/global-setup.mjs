// Finds the NATS JetStream and MongoDB-wire servers the integration tests run against:
// NATS_URL / MONGO_URL when set; else containers started with testcontainers; else, on machines
// without a container engine (ours), the servers scripts/test-services.sh builds and starts.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../scripts/test-services.sh', import.meta.url));

export default async function globalSetup() {
  if (process.env.NATS_URL && process.env.MONGO_URL) return;
  if (await startContainers()) return;
  const exports = execFileSync('bash', [script, 'env'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for (const match of exports.matchAll(/^export (\w+)='([^']*)'$/gm)) {
    process.env[match[1]] ??= match[2];
  }
}

async function startContainers() {
  const { GenericContainer, Wait, getContainerRuntimeClient } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
  } catch {
    return false; // no container engine here
  }
  if (!process.env.NATS_URL) {
    const nats = await new GenericContainer('nats:2.11')
      .withCommand(['-js'])
      .withExposedPorts(4222)
      .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
      .start();
    process.env.NATS_URL = `nats://${nats.getHost()}:${nats.getMappedPort(4222)}`;
    globalThis.__EVENTLINE_CONTAINERS__ = [...(globalThis.__EVENTLINE_CONTAINERS__ ?? []), nats];
  }
  if (!process.env.MONGO_URL) {
    const mongo = await new GenericContainer('mongo:8')
      .withExposedPorts(27017)
      .withWaitStrategy(Wait.forLogMessage(/Waiting for connections/))
      .start();
    process.env.MONGO_URL = `mongodb://${mongo.getHost()}:${mongo.getMappedPort(27017)}/`;
    globalThis.__EVENTLINE_CONTAINERS__ = [...(globalThis.__EVENTLINE_CONTAINERS__ ?? []), mongo];
  }
  return true;
}
