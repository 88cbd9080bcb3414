import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const CLOCK_TICKS_PER_SECOND = 100; // Linux USER_HZ; /proc/<pid>/stat counts CPU time in these.

/** CPU time (seconds) and memory of a process, read from /proc (Linux only, like the machine). */
export function procStats(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name) => status.match(new RegExp(`^${name}:\\s*(.+)$`, 'm'))?.[1]?.trim();
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th overall.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuSeconds = (Number(rest[11]) + Number(rest[12])) / CLOCK_TICKS_PER_SECOND;
    return {
      cpuSeconds,
      rssMb: Number.parseInt(field('VmRSS') ?? '0', 10) / 1024,
      peakRssMb: Number.parseInt(field('VmHWM') ?? '0', 10) / 1024,
      cpus: field('Cpus_allowed_list') ?? '?',
      threads: Number(field('Threads') ?? 0),
    };
  } catch {
    return null;
  }
}

/**
 * The pid of a server we did not start (nats-server, ferretdb), found by its command name and a
 * port on its command line, so the bench can report the CPU it used. Best effort: null if unseen.
 */
export function findServerPid(command, port) {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (!path.basename(cmdline[0]).startsWith(command)) continue;
      if (port === undefined || cmdline.some((arg) => arg.includes(String(port)))) return Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  return null;
}

/**
 * Measures the CPU each watched process used over an interval, as "cores busy" (CPU seconds per
 * wall second): the figure that says which process saturates first on a 2-core machine.
 */
export class CpuMeter {
  constructor(processes) {
    this.processes = processes.filter((p) => p.pid);
    this.start = new Map(this.processes.map((p) => [p.name, procStats(p.pid)?.cpuSeconds ?? 0]));
    this.startedAt = performance.now();
  }

  stop() {
    const seconds = (performance.now() - this.startedAt) / 1000;
    const usage = {};
    for (const p of this.processes) {
      const now = procStats(p.pid)?.cpuSeconds;
      if (now !== undefined) usage[p.name] = (now - this.start.get(p.name)) / seconds;
    }
    return usage;
  }
}

const live = new Set();

// Whatever way the bench ends (error, Ctrl-C), no app or raw server it started outlives it.
process.on('exit', () => {
  for (const proc of live) proc.child.kill('SIGKILL');
});

/** A Node process the bench started: a built eventline app or a bare ceiling server. */
export class BenchProcess {
  constructor(name, child, logFile) {
    live.add(this);
    this.name = name;
    this.child = child;
    this.pid = child.pid;
    this.logFile = logFile;
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    this.exitInfo = null;
    this.exited.then((info) => {
      this.exitInfo = info;
      live.delete(this);
    });
  }

  stats() {
    return procStats(this.pid);
  }

  logTail(lines = 30) {
    try {
      return fs.readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  /** Stops the process (SIGTERM, then SIGKILL) and returns its final stats, peak RSS included. */
  async stop() {
    const last = this.stats();
    if (!this.exitInfo) {
      this.child.kill('SIGTERM');
      const stopped = await Promise.race([this.exited, sleep(10_000).then(() => null)]);
      if (!stopped) {
        this.child.kill('SIGKILL');
        await this.exited;
      }
    }
    return last;
  }
}

/**
 * Starts `node <script>` with the given environment, output to a log file, and waits until
 * `ready()` resolves true (polling), failing with the log's tail if the process dies first.
 */
export async function startNode({ name, script, env, logDir, nodeArgs = [], ready, timeoutMs = 60_000 }) {
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${name}.log`);
  const out = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const proc = new BenchProcess(name, child, logFile);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitInfo) {
      throw new Error(
        `${name} exited (${JSON.stringify(proc.exitInfo)}) before it was ready:\n${proc.logTail()}`,
      );
    }
    if (await ready().catch(() => false)) return proc;
    await sleep(100);
  }
  await proc.stop();
  throw new Error(`${name} was not ready within ${timeoutMs} ms:\n${proc.logTail()}`);
}

/** Polls `check` until it returns a truthy value; no fixed sleeps for asynchronous outcomes. */
export async function waitUntil(check, { timeoutMs = 60_000, intervalMs = 50, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve()
      .then(check)
      .catch(() => false); // a probe that throws (refused, timed out) is a "not yet"

    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Whether an HTTP endpoint answers 2xx: the readiness probe for anything with a port. */
export function httpOk(url) {
  return async () => {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  };
}
