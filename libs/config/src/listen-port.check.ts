import { createServer } from 'node:net';

/**
 * For entry points, before anything starts: exits with status 1 and a message naming `variable`
 * when its port is taken, instead of a raw EADDRINUSE from deep inside the app after it has
 * logged that it started. Port 0 (any free port) is always available.
 */
export async function exitIfPortTaken(
  processName: string,
  variable: string,
  port: number,
  host: string,
): Promise<void> {
  if (port === 0) return;
  const problem = await new Promise<string | undefined>((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code === 'EADDRINUSE' ? 'is already in use' : `cannot be listened on (${error.code})`),
    );
    server.listen(port, host, () => server.close(() => resolve(undefined)));
  });
  if (problem === undefined) return;
  console.error(
    `${processName}: ${variable}=${port}: ${host}:${port} ${problem}; set ${variable} to a free port`,
  );
  process.exit(1);
}
