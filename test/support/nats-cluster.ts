import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClusterInfo, jetstreamManager, JetStreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { requiredEnv, waitForPort } from './dedicated-servers.js';
import { freePort } from './free-port.js';
import { eventually } from './eventually.js';

const SHIPPED_CONFIG = fileURLToPath(new URL('../../deploy/cluster/nats-cluster.conf', import.meta.url));
const NODE_COUNT = 3;

/** One server of the cluster, as its peers and clients know it. */
export interface ClusterNode {
  /** Its `server_name`: what JetStream reports as a stream's leader or replica. */
  readonly name: string;
  readonly clientUrl: string;
  readonly running: boolean;
}

interface NodeState extends ClusterNode {
  name: string;
  clientUrl: string;
  running: boolean;
  clientPort: number;
  monitorPort: number;
  configFile: string;
  logFile: string;
  child?: ChildProcess;
}

/**
 * A three-server NATS JetStream cluster on loopback, each server started from the configuration
 * operators deploy (deploy/cluster/nats-cluster.conf) with only its ports, paths, server name and
 * the passwords it reads from the environment put in: what survives here is what the shipped file
 * gives. The server is scripts/test-services.sh's pinned release (NATS_SERVER_BIN).
 *
 * Servers are killed with SIGKILL (no lame-duck, no flush: as if the machine died) and restarted
 * on the same ports and store directories.
 */
export class NatsCluster {
  private admin?: NatsConnection;
  private jsm?: JetStreamManager;

  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    private readonly nodes: NodeState[],
    /** What the servers read from the environment: passwords, and the routes when the file takes them from there. */
    private readonly env: Record<string, string>,
    private readonly passwords: Record<string, string>,
    private readonly users: Record<string, string>,
  ) {}

  /** Writes each server's configuration; `start` launches them (so a test can start apps first). */
  static async prepare(): Promise<NatsCluster> {
    const bin = requiredEnv('NATS_SERVER_BIN');
    const dir = mkdtempSync(join(tmpdir(), 'eventline-nats-cluster-'));
    // Comments say nothing the server reads; without them the settings below are found unambiguously.
    const shipped = readFileSync(SHIPPED_CONFIG, 'utf8').replace(/^\s*#.*$/gm, '');
    const ports = await Promise.all(
      Array.from({ length: NODE_COUNT }, async () => ({
        client: await freePort(),
        cluster: await freePort(),
        monitor: await freePort(),
      })),
    );
    // Passwords the file takes from the environment (`$NATS_GATEWAY_PASSWORD`, …): fresh ones.
    const passwords = Object.fromEntries(
      [...new Set([...shipped.matchAll(/\$(NATS_[A-Z0-9_]*PASSWORD)\b/g)].map((m) => m[1]))].map((name) => [
        name,
        randomBytes(12).toString('hex'),
      ]),
    );
    // Users of the authorization block, if the file has one: user name → password variable.
    const users = Object.fromEntries(
      [...shipped.matchAll(/user:\s*"?([\w-]+)"?\s*,\s*password:\s*"?\$(\w+)/g)].map((m) => [m[1], m[2]]),
    );
    const nodes = ports.map((port, i): NodeState => {
      const name = `nats-${i + 1}`;
      const nodeDir = join(dir, name);
      mkdirSync(join(nodeDir, 'jetstream'), { recursive: true });
      const configFile = join(nodeDir, 'nats.conf');
      writeFileSync(configFile, nodeConfig(shipped, name, port, ports, join(nodeDir, 'jetstream')));
      return {
        name,
        clientUrl: `nats://127.0.0.1:${port.client}`,
        running: false,
        clientPort: port.client,
        monitorPort: port.monitor,
        configFile,
        logFile: join(nodeDir, 'server.log'),
      };
    });
    const env = { ...passwords, ...routesOf(shipped, ports, passwords) };
    return new NatsCluster(bin, dir, nodes, env, passwords, users);
  }

  /** Prepares and starts the cluster, and waits until JetStream answers through it. */
  static async start(): Promise<NatsCluster> {
    const cluster = await NatsCluster.prepare();
    await cluster.startAll();
    return cluster;
  }

  /** Every server, comma-separated: the `NATS_URL` apps are given. */
  get url(): string {
    return this.nodes.map((node) => node.clientUrl).join(',');
  }

  get members(): readonly ClusterNode[] {
    return this.nodes;
  }

  /** `NATS_USER` / `NATS_PASS` of a user the shipped file defines; none when it has no users. */
  credentials(user: string): Record<string, string> {
    const variable = this.users[user];
    if (Object.keys(this.users).length === 0) return {};
    if (!variable) throw new Error(`deploy/cluster/nats-cluster.conf defines no NATS user "${user}"`);
    return { NATS_USER: user, NATS_PASS: this.passwords[variable] };
  }

  async startAll(): Promise<void> {
    await Promise.all(this.nodes.map((node) => this.start(node.name)));
    await eventually(async () => (await this.manager()).getAccountInfo(), {
      timeoutMs: 60_000,
      intervalMs: 250,
    });
  }

  /** Starts (or restarts, after a kill) one server on its ports and store directory. */
  async start(name: string): Promise<void> {
    const node = this.node(name);
    if (node.child) return;
    const log = openSync(node.logFile, 'a');
    node.child = spawn(this.bin, ['-c', node.configFile], {
      env: { PATH: process.env.PATH ?? '', ...this.env },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    node.running = true;
    await waitForPort(node.clientPort, true);
  }

  /**
   * Stops one server: by default `kill -9`, so it gets no chance to flush, step down or tell its
   * peers (a machine dying); `SIGTERM` is an operator's restart.
   */
  async kill(name: string, signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): Promise<void> {
    const node = this.node(name);
    const child = node.child;
    if (!child) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
    node.child = undefined;
    node.running = false;
    await waitForPort(node.clientPort, false);
  }

  /** The server leading a stream's RAFT group, once there is one. */
  async streamLeader(stream: string, timeoutMs = 60_000): Promise<string> {
    return eventually(
      async () => {
        const leader = (await this.streamCluster(stream)).leader;
        if (!leader) throw new Error(`${stream} has no leader`);
        return leader;
      },
      { timeoutMs, intervalMs: 250 },
    );
  }

  /**
   * Waits until a stream and each of its consumers have a leader and every replica on a running
   * server is current (caught up): only then may the next server be taken down without losing
   * quorum on something that was still catching up.
   */
  async waitUntilCurrent(stream: string, timeoutMs = 90_000): Promise<void> {
    const expected = this.nodes.filter((node) => node.running).length;
    await eventually(
      async () => {
        const jsm = await this.manager();
        const groups: [string, ClusterInfo | undefined][] = [
          [stream, (await jsm.streams.info(stream)).cluster],
        ];
        for await (const consumer of jsm.consumers.list(stream))
          groups.push([`${stream}/${consumer.name}`, consumer.cluster]);
        for (const [asset, info] of groups) {
          const peers = (info?.replicas ?? []).filter((peer) => peer.current && !peer.offline);
          if (!info?.leader || peers.length + 1 < expected)
            throw new Error(`${asset} not current: ${JSON.stringify(info)}`);
        }
      },
      { timeoutMs, intervalMs: 500 },
    );
  }

  /** The last lines a server logged, for a failing test's message. */
  logTail(name: string, lines = 30): string {
    return readFileSync(this.node(name).logFile, 'utf8').split('\n').slice(-lines).join('\n');
  }

  /** Stops every server and deletes their data. */
  async dispose(): Promise<void> {
    await this.admin?.close().catch(() => undefined);
    for (const node of this.nodes) await this.kill(node.name);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async streamCluster(stream: string): Promise<ClusterInfo> {
    const info = await (await this.manager()).streams.info(stream);
    if (!info.cluster) throw new Error(`${stream} reports no cluster`);
    return info.cluster;
  }

  /** A connection of the test's own to every server, reconnecting forever, for JetStream's view. */
  private async manager(): Promise<JetStreamManager> {
    if (!this.jsm) {
      const admin = Object.keys(this.users)[0];
      this.admin = await connect({
        servers: this.nodes.map((node) => node.clientUrl),
        name: 'eventline-test-cluster-admin',
        ...(admin ? { user: admin, pass: this.passwords[this.users[admin]] } : {}),
        maxReconnectAttempts: -1,
        reconnectTimeWait: 250,
        waitOnFirstConnect: true,
      });
      this.jsm = await jetstreamManager(this.admin, { checkAPI: false, timeout: 2_000 });
    }
    return this.jsm;
  }

  private node(name: string): NodeState {
    const node = this.nodes.find((candidate) => candidate.name === name);
    if (!node) throw new Error(`no server ${name} in the cluster`);
    return node;
  }
}

// `nats-route://[user:password@]nats-<n>:<port>`: the n-th server's route (credentials kept).
const ROUTE_URL = /nats-route:\/\/([^@\s,\]]+@)?[\w.-]*?(\d+):\d+/g;

/**
 * The shipped file with what differs per machine replaced: the server name, the client, monitoring
 * and cluster addresses (loopback, free ports), the routes' hosts and ports when the file lists
 * them (any credentials in them kept) and the store directory. Each replacement must find its
 * setting, so a reshaped file fails here rather than silently running something else.
 */
function nodeConfig(
  shipped: string,
  name: string,
  own: { client: number; cluster: number; monitor: number },
  all: { cluster: number }[],
  storeDir: string,
): string {
  const replacements: [RegExp, (match: string, ...groups: string[]) => string][] = [
    // The cluster's listen first: the client address below becomes a `listen` too.
    [/^(\s+listen\s*[:=]\s*)[\d.]+:\d+$/m, (_, key) => `${key}127.0.0.1:${own.cluster}`],
    [/^(\s*server_name\s*[:=]\s*)\S+$/m, (_, key) => `${key}${name}`],
    [/^port\s*[:=]\s*\d+$/m, () => `listen: 127.0.0.1:${own.client}`],
    [/^http_port\s*[:=]\s*\d+$/m, () => `http: 127.0.0.1:${own.monitor}`],
    [/^(\s*store_dir\s*[:=]\s*)\S+$/m, (_, key) => `${key}"${storeDir}"`],
  ];
  let config = shipped;
  for (const [pattern, replace] of replacements) {
    if (!pattern.test(config))
      throw new Error(`deploy/cluster/nats-cluster.conf has no match for ${pattern}`);
    config = config.replace(pattern, replace);
  }
  return config.replace(ROUTE_URL, (_, auth: string | undefined, n: string) => routeUrl(auth, all, n));
}

/**
 * The routes, when the file takes them from the environment (`routes: $NATS_ROUTES`, since a URL
 * cannot hold a variable for the password): every server's, with the cluster's own route user.
 * Either way the file must route to all three servers.
 */
function routesOf(
  shipped: string,
  all: { cluster: number }[],
  passwords: Record<string, string>,
): Record<string, string> {
  const listed = [...shipped.matchAll(ROUTE_URL)].length;
  const variable = /routes\s*[:=]\s*\$(\w+)/.exec(shipped)?.[1];
  if (!variable) {
    if (listed !== all.length)
      throw new Error(`deploy/cluster/nats-cluster.conf lists ${listed} routes, expected ${all.length}`);
    return {};
  }
  const auth =
    /cluster\s*\{[\s\S]*?authorization\s*\{[^}]*?user\s*[:=]\s*"?([\w-]+)"?[^}]*?password\s*[:=]\s*"?\$(\w+)/.exec(
      shipped,
    );
  const credentials = auth ? `${auth[1]}:${passwords[auth[2]]}@` : undefined;
  return { [variable]: `[${all.map((_, i) => routeUrl(credentials, all, String(i + 1))).join(', ')}]` };
}

function routeUrl(auth: string | undefined, all: { cluster: number }[], n: string): string {
  return `nats-route://${auth ?? ''}127.0.0.1:${all[Number(n) - 1].cluster}`;
}
