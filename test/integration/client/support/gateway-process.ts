import { ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_STREAM_LIMITS } from '../../../support/test-environment.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * The built gateway (`npm run build`) as a child process on a fixed port, so a test can kill it
 * outright (SIGKILL: in-flight requests die with it) and start it again where clients expect it.
 */
export class GatewayProcess {
  private child: ChildProcess | undefined;
  private output = '';

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [`${root}dist/apps/gateway/src/main.js`], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOST: '127.0.0.1',
        PORT: String(this.port),
        LOG_LEVEL: 'error',
        ...TEST_STREAM_LIMITS,
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 30_000;
    for (;;) {
      const live = await fetch(`${this.url}/health/live`).then(
        (r) => r.ok,
        () => false,
      );
      if (live) return;
      const gone = await Promise.race([
        exited.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 100)),
      ]);
      if (gone || Date.now() > deadline) throw new Error(`the gateway did not start:\n${this.output}`);
    }
  }

  /** Kills the process without letting it finish anything. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.child = undefined;
  }
}
