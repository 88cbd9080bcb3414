import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/**
 * A server of a test's own that the test may stop and start again (fault tests), without
 * disturbing the shared servers other tests use. Started from the binaries
 * scripts/test-services.sh provides (NATS_SERVER_BIN, FERRETDB_BIN); its data survives restarts.
 */
export interface DedicatedServer {
  readonly url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its data. */
  dispose(): Promise<void>;
}

export async function dedicatedNats(): Promise<DedicatedServer> {
  const bin = requiredEnv('NATS_SERVER_BIN');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'eventline-nats-'));
  return managedProcess(`nats://127.0.0.1:${port}`, port, dir, () =>
    spawn(bin, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { stdio: 'ignore' }),
  );
}

export async function dedicatedMongo(): Promise<DedicatedServer> {
  const bin = requiredEnv('FERRETDB_BIN');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'eventline-ferretdb-'));
  return managedProcess(`mongodb://127.0.0.1:${port}/`, port, dir, () =>
    spawn(
      bin,
      [
        '--handler=sqlite',
        `--sqlite-url=file:${dir}/`,
        `--state-dir=${dir}`,
        `--listen-addr=127.0.0.1:${port}`,
        '--debug-addr=127.0.0.1:0',
        '--telemetry=disable',
        '--log-level=error',
      ],
      { stdio: 'ignore' },
    ),
  );
}

async function managedProcess(
  url: string,
  port: number,
  dir: string,
  launch: () => ChildProcess,
): Promise<DedicatedServer> {
  let child: ChildProcess | undefined;
  const server: DedicatedServer = {
    url,
    async start() {
      if (child) return;
      child = launch();
      await waitForPort(port, true);
    },
    async stop() {
      if (!child) return;
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      child = undefined;
      await waitForPort(port, false);
    },
    async dispose() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run the tests through npm test (scripts/test-services.sh)`);
  return value;
}

export async function waitForPort(port: number, open: boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const isOpen = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    if (isOpen === open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`port ${port} did not ${open ? 'open' : 'close'} within ${timeoutMs} ms`);
}
