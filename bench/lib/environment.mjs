import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { MongoClient } from 'mongodb';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = path.join(ROOT, 'dist');

/** The built output the bench drives; `npm run bench` builds first. */
export async function importDist(relative) {
  const file = path.join(DIST, relative);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  return import(file);
}

/**
 * A NATS connection with the options of every eventline connection (libs/messaging's
 * `natsConnectionOptions`), so the bench's own publishers and probes connect as the apps do.
 */
export async function connectNats(natsUrl, { name = 'eventline-bench', ...options } = {}) {
  const { natsConnectionOptions } = await importDist('libs/messaging/src/nats-connection.options.js');
  return connect({ ...natsConnectionOptions({ url: natsUrl, name }), ...options });
}

export function appEntry(app) {
  const file = path.join(DIST, 'apps', app, 'src', 'main.js');
  return fs.existsSync(file) ? file : null;
}

export function servers() {
  return {
    natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    mongoUrl: process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27117/',
  };
}

export function databaseUrl(mongoUrl, database) {
  const url = new URL(mongoUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A free loopback port for a process the bench starts. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * One namespace (stream/subject prefix) and one database per scenario run, deleted afterwards, so
 * runs never see each other's data and nothing accumulates on the shared servers.
 */
export class RunSpace {
  static async create(label, { natsUrl, mongoUrl }) {
    const { EventTopology } = await importDist('libs/contracts/src/index.js');
    const namespace = `bench${label.replace(/[^a-z0-9]/g, '').slice(0, 10)}${randomBytes(4).toString('hex')}`;
    const space = new RunSpace(
      namespace,
      new EventTopology(namespace),
      natsUrl,
      databaseUrl(mongoUrl, namespace),
    );
    RunSpace.live.add(space);
    return space;
  }

  constructor(namespace, topology, natsUrl, mongoUrl) {
    this.namespace = namespace;
    this.topology = topology;
    this.natsUrl = natsUrl;
    this.mongoUrl = mongoUrl;
    this.database = namespace;
  }

  async cleanup() {
    RunSpace.live.delete(this);
    const nc = await connectNats(this.natsUrl);
    try {
      const jsm = await jetstreamManager(nc);
      for (const stream of [this.topology.eventsStream, this.topology.dlqStream]) {
        await jsm.streams.delete(stream).catch(() => undefined);
      }
    } finally {
      await nc.close();
    }
    const client = new MongoClient(this.mongoUrl, { serverSelectionTimeoutMS: 5000 });
    try {
      await client.db(this.database).dropDatabase();
    } finally {
      await client.close();
    }
  }

  /** Called on SIGINT/SIGTERM and on failure: whatever runs were open are deleted too. */
  static async cleanupAll() {
    for (const space of [...RunSpace.live]) await space.cleanup().catch(() => undefined);
  }
}
RunSpace.live = new Set();

export async function checkReachable({ natsUrl, mongoUrl }) {
  const nc = await connectNats(natsUrl, { timeout: 3000 }).catch((error) => {
    const message = `NATS at ${natsUrl} is not reachable (${error.message}); run scripts/test-services.sh env`;
    throw new Error(message, { cause: error });
  });
  const jsm = await jetstreamManager(nc);
  const info = await jsm.getAccountInfo();
  const version = nc.info?.version;
  await nc.close();
  const client = new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 3000 });
  let build;
  try {
    build = await client.db('admin').command({ buildInfo: 1 });
  } catch (error) {
    throw new Error(`MongoDB-wire server at ${mongoUrl} is not reachable (${error.message})`, {
      cause: error,
    });
  } finally {
    await client.close();
  }
  return {
    nats: version,
    jetstreamStreams: info.streams,
    mongoWire: build.ferretdbVersion ? `FerretDB ${build.ferretdbVersion}` : `MongoDB ${build.version}`,
    mongoWireVersion: build.version,
  };
}
