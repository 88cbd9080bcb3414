// Preloaded (`node --import`) into a process the bench profiles with `--profile`: samples its CPU
// from SIGWINCH (sent after the warm-up; Nest treats SIGUSR2 as a shutdown signal, so start-up and JIT are left out) to SIGTERM and writes a
// .cpuprofile. `node --cpu-prof` cannot serve here: it writes on
// a normal exit only, and Nest's shutdown hooks end the process by re-raising the signal.
import fs from 'node:fs';
import { Session } from 'node:inspector';

const file = process.env.BENCH_CPU_PROFILE;
const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 200 });
process.on('SIGWINCH', () => session.post('Profiler.start'));
process.prependListener('SIGTERM', () => {
  // A session on the process's own thread answers synchronously, before Nest's handler runs.
  session.post('Profiler.stop', (error, result) => {
    if (!error) fs.writeFileSync(file, JSON.stringify(result.profile));
  });
});
