import { connect, Socket } from 'node:net';
import { RunningGateway, startGateway, testApiKey } from '../../support/gateway-app.js';
import { testServers, uniqueNamespace } from '../../support/test-environment.js';

const writer = testApiKey('shop', ['ingest']);
const REQUEST_TIMEOUT_MS = 3000;
const SLOW_CLIENTS = 200;

interface SlowClient {
  socket: Socket;
  answer: Promise<{ text: string; closedAfterMs: number }>;
  stop(): void;
}

/** Sends a POST's headers announcing 1000 bytes, then one byte every second: a slowloris. */
function slowClient(url: string, key: string): SlowClient {
  const { hostname, port } = new URL(url);
  const started = Date.now();
  const socket = connect(Number(port), hostname);
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => undefined);
  socket.write(
    `POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n` +
      `Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n`,
  );
  // Bounded: 30 bytes at most, far fewer than announced.
  let sent = 0;
  const drip = setInterval(() => {
    if (sent++ < 30 && !socket.destroyed) socket.write(' ');
  }, 1000);
  const answer = new Promise<{ text: string; closedAfterMs: number }>((resolve) =>
    socket.on('close', () => {
      clearInterval(drip);
      resolve({ text: received, closedAfterMs: Date.now() - started });
    }),
  );
  return {
    socket,
    answer,
    stop: () => {
      clearInterval(drip);
      socket.destroy();
    },
  };
}

describe('Slow clients are cut off and do not hold up others', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway({
      natsUrl: testServers().natsUrl,
      namespace: uniqueNamespace('slowloris'),
      keys: [writer],
      REQUEST_TIMEOUT_MS,
    });
  });

  afterAll(() => gateway?.close());

  it(`answers ${SLOW_CLIENTS} trickling requests 408 and closes them, serving others meanwhile`, async () => {
    const slow = Array.from({ length: SLOW_CLIENTS }, () => slowClient(gateway.url, writer.key));
    try {
      // While every slow connection is open, other clients are answered as usual.
      const served: number[] = [];
      for (let i = 0; i < 20; i++) {
        const response = await fetch(`${gateway.url}/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${writer.key}`, 'content-type': 'application/json' },
          body: '[]',
        });
        served.push(response.status);
      }
      expect(served).toEqual(Array(20).fill(400));
      expect(slow.filter((client) => !client.socket.destroyed)).toHaveLength(SLOW_CLIENTS);

      const answers = await Promise.all(slow.map((client) => client.answer));
      for (const { text, closedAfterMs } of answers) {
        expect(text).toMatch(/^HTTP\/1\.1 408 /);
        expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toEqual({
          error: { code: 'request_timeout', message: expect.stringContaining(`${REQUEST_TIMEOUT_MS} ms`) },
        });
        // Closed by the gateway after the timeout (checked once a second), not by the drip's end.
        expect(closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
        expect(closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 10_000);
      }
    } finally {
      slow.forEach((client) => client.stop());
    }
    // And the gateway still answers.
    expect((await fetch(`${gateway.url}/health/live`)).status).toBe(200);
  });

  it('times out a request whose headers never end, before any route', async () => {
    const client = slowClient(gateway.url, writer.key);
    client.socket.write('X-Never-Ending: a');
    const { text } = await client.answer;
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
  });
});
