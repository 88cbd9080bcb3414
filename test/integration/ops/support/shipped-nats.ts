import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../support/free-port.js';
import { root } from './compose-file.js';

/**
 * The passwords of deploy/nats/nats.conf's users for a test run: values that broke the config
 * parser while compose passed them unquoted (digits, spaces, `#`, `}`), so the test proves they work.
 */
export const NATS_PASSWORDS = {
  gateway: '123456',
  ingestor: 'two words',
  query: 'x#y}',
  'demo-backend': 'true',
  admin: 'admin, not {guessable}',
} as const;

export type NatsUser = keyof typeof NATS_PASSWORDS;

const PASSWORD_VARIABLES: Record<NatsUser, string> = {
  gateway: 'NATS_GATEWAY_PASSWORD',
  ingestor: 'NATS_INGESTOR_PASSWORD',
  query: 'NATS_QUERY_PASSWORD',
  'demo-backend': 'NATS_DEMO_BACKEND_PASSWORD',
  admin: 'NATS_ADMIN_PASSWORD',
};

/**
 * nats-server (the release the configs are written for, NATS_SERVER_BIN) running the shipped
 * deploy/nats/nats.conf, with only its ports and data directory changed, and the passwords
 * passed as compose passes them (each wrapped in double quotes).
 */
export class ShippedNats {
  private log = '';

  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly dir: string,
  ) {
    child.stdout!.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
  }

  static async start(): Promise<ShippedNats> {
    const bin = process.env.NATS_SERVER_BIN;
    if (!bin) throw new Error('NATS_SERVER_BIN is not set: run the tests through npm test');
    const [port, httpPort] = [await freePort(), await freePort()];
    const dir = mkdtempSync(join(tmpdir(), 'eventline-shipped-nats-'));
    const shipped = readFileSync(`${root}deploy/nats/nats.conf`, 'utf8');
    const conf = shipped
      .replace(/^port: 4222$/m, `port: ${port}`)
      .replace(/^http_port: 8222$/m, `http_port: ${httpPort}`)
      .replace(/store_dir: \/data$/m, `store_dir: ${join(dir, 'jetstream')}`);
    if (conf.split('\n').filter((line, i) => line !== shipped.split('\n')[i]).length !== 3)
      throw new Error(
        'deploy/nats/nats.conf no longer has the port, http_port and store_dir lines this test changes',
      );
    writeFileSync(join(dir, 'nats.conf'), conf);
    const env = Object.fromEntries(
      (Object.keys(NATS_PASSWORDS) as NatsUser[]).map((user) => [
        PASSWORD_VARIABLES[user],
        `"${NATS_PASSWORDS[user]}"`,
      ]),
    );
    const child = spawn(bin, ['-a', '127.0.0.1', '-c', join(dir, 'nats.conf')], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new ShippedNats(`nats://127.0.0.1:${port}`, child, dir);
    const deadline = Date.now() + 15_000;
    while (!server.log.includes('Server is ready')) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`nats-server did not start with deploy/nats/nats.conf:\n${server.log}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return server;
  }

  /** The server's permission violations so far, one line each (`Publish Violation - Subject …`). */
  violations(user?: NatsUser): string[] {
    return this.log
      .split('\n')
      .filter((line) => / Violation /.test(line) && (!user || line.includes(`/user:${user}"`)));
  }

  async dispose(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
