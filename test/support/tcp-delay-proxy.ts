import { AddressInfo, createServer, Server, Socket, connect } from 'node:net';

/** A TCP proxy whose replies can be slowed down, to play a slow database. */
export interface TcpDelayProxy {
  /** `host:port` to connect to instead of the upstream. */
  address: string;
  /** Delay of every chunk the upstream sends back from now on (0: none). */
  setReplyDelay(ms: number): void;
  close(): Promise<void>;
}

/**
 * Forwards TCP connections to `upstream` (`host:port`), holding each chunk the upstream replies
 * with for the current delay before passing it on: requests reach the server at once, answers
 * come late, as from a database under load. Order within a connection is kept.
 */
export async function startTcpDelayProxy(upstream: string): Promise<TcpDelayProxy> {
  const [upstreamHost, upstreamPort] = splitAddress(upstream);
  let delayMs = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const server = connect(upstreamPort, upstreamHost);
    for (const socket of [client, server]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('close', () => server.destroy());
    server.on('close', () => client.destroy());
    client.pipe(server);
    // Each reply chunk leaves no earlier than `delay` after it came, and after the one before it.
    let lastRelease = 0;
    server.on('data', (chunk: Buffer) => {
      const releaseAt = Math.max(Date.now() + delayMs, lastRelease);
      lastRelease = releaseAt;
      const wait = releaseAt - Date.now();
      if (wait <= 0) client.write(chunk);
      else setTimeout(() => !client.destroyed && client.write(chunk), wait);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    setReplyDelay: (ms) => (delayMs = ms),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function splitAddress(address: string): [string, number] {
  const colon = address.lastIndexOf(':');
  return [address.slice(0, colon), Number(address.slice(colon + 1))];
}
