import { ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

export type AppName = 'gateway' | 'ingestor' | 'query';

/**
 * One app of the build (`node dist/apps/<app>/src/main.js`, as the image's CMD runs it) as a
 * child process with exactly the environment given (plus PATH), its output kept for assertions.
 */
export class AppProcess {
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout = '';
  stderr = '';
  private readonly child: ChildProcess;

  constructor(
    readonly app: AppName,
    env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, [`${root}dist/apps/${app}/src/main.js`], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  /** The process id (the image's HEALTHCHECK finds the app's port through it). */
  get pid(): number {
    return this.child.pid!;
  }

  /** Resolves once `url` answers 200, or throws with the app's output if it exits or takes too long. */
  async waitUntilOk(url: string, timeoutMs = 45_000): Promise<void> {
    let exited = false;
    void this.exited.then(() => (exited = true));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && !exited) {
      const status = await fetch(url).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${this.app}: ${url} not 200 (exited: ${exited})\n${this.output()}`);
  }

  /** True until the process exits. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Stops the app the way compose does (SIGTERM) and waits for it to exit. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }

  output(): string {
    return `--- stdout\n${this.stdout.slice(-4000)}\n--- stderr\n${this.stderr.slice(-4000)}`;
  }
}
