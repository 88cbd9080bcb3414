import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { TEST_STREAM_LIMITS } from '../../../support/test-environment.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

/** A JSON log line of the ingestor (pino: `msg` and the logged object's fields at the top level). */
export interface LogLine {
  level: string;
  context?: string;
  msg?: string;
  [field: string]: unknown;
}

/** The built ingestor (`npm run build`) as a real child process, its stdout parsed as JSON lines. */
export class IngestorProcess {
  readonly lines: LogLine[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  stderr = '';

  private constructor(script: string, env: Record<string, string>, args: string[] = []) {
    this.child = spawn(process.execPath, [`${root}dist/apps/ingestor/src/${script}`, ...args], {
      cwd: root,
      // Any free port for the health endpoints: several ingestors run side by side.
      env: {
        PATH: process.env.PATH ?? '',
        HEALTH_PORT: '0',
        HEALTH_HOST: '127.0.0.1',
        ...TEST_STREAM_LIMITS,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      try {
        this.lines.push(JSON.parse(line) as LogLine);
      } catch {
        this.lines.push({ level: 'raw', msg: line });
      }
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  /** Starts the ingestor and waits until it consumes and serves its health endpoints (or throws if it exits). */
  static async start(env: Record<string, string>): Promise<IngestorProcess> {
    const ingestor = new IngestorProcess('main.js', env);
    const ready = new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (ingestor.messages().some((m) => m.msg === 'health endpoints listening')) {
          clearInterval(timer);
          resolve();
        }
      }, 50);
      void ingestor.exited.then(() => clearInterval(timer));
    });
    const outcome = await Promise.race([ready.then(() => 'ready'), ingestor.exited.then(() => 'exited')]);
    if (outcome === 'exited') throw new Error(`ingestor exited at start:\n${ingestor.output()}`);
    return ingestor;
  }

  /** Runs another entry point of the ingestor app to completion (e.g. dlq-replay.main.js). */
  static async run(script: string, env: Record<string, string>, args: string[]) {
    const command = new IngestorProcess(script, env, args);
    const { code } = await command.exited;
    return { code, lines: command.lines, stderr: command.stderr };
  }

  get pid(): number {
    return this.child.pid!;
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Structured log messages (objects), in order. */
  messages(): Record<string, unknown>[] {
    return this.lines.filter((line) => line.level !== 'raw' && typeof line.msg === 'string');
  }

  /** Events this process inserted (not counting duplicates), from its per-batch log lines. */
  inserted(): number {
    return this.messages()
      .filter((m) => m.msg === 'batch settled')
      .reduce((sum, m) => sum + Number(m.inserted), 0);
  }

  /** Base URL of the health endpoints, from the start-up log. */
  healthUrl(): string {
    const line = this.messages().find((m) => m.msg === 'health endpoints listening');
    if (!line) throw new Error('the ingestor has not reported its health address');
    return String(line.url);
  }

  output(): string {
    return `${this.lines.map((l) => JSON.stringify(l)).join('\n')}\n${this.stderr}`;
  }
}
