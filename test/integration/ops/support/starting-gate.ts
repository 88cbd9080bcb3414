import { connect, createServer, Server, Socket } from 'node:net';

/**
 * A TCP gate in front of a server that holds every client connection until `expected` have
 * arrived, then lets them all through at once: processes started together reach NATS at the same
 * instant, as on a first `docker compose up` when NATS turns healthy, instead of in the order
 * their start-up happens to take. With `expected` never reached it is a server that accepts
 * connections and never answers.
 */
export class StartingGate {
  private held: Socket[] = [];
  /** Connections that have arrived so far, let through or not. */
  arrived = 0;
  private open = false;
  private readonly upstreams: Socket[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(natsUrl: string, expected: number): Promise<StartingGate> {
    const target = new URL(natsUrl);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    // The target's scheme (`nats:`, `mongodb:`), this gate's address.
    const gate = new StartingGate(server, `${target.protocol}//127.0.0.1:${port}`);
    server.on('connection', (client) => {
      gate.arrived++;
      gate.held.push(client);
      if (gate.open || gate.held.length >= expected) gate.release(target);
    });
    return gate;
  }

  private release(target: URL): void {
    this.open = true;
    for (const client of this.held.splice(0)) {
      const upstream = connect(Number(target.port), target.hostname);
      this.upstreams.push(upstream);
      client.pipe(upstream).pipe(client);
      const end = () => (client.destroy(), upstream.destroy());
      client.once('error', end).once('close', end);
      upstream.once('error', end).once('close', end);
    }
  }

  async close(): Promise<void> {
    for (const socket of [...this.held, ...this.upstreams]) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
