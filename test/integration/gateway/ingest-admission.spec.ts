import { connect, Socket } from 'node:net';
import { INGEST_ADMISSION_WAIT_MS } from '../../../apps/gateway/src/admission/ingest-admission.js';
import { eventually } from '../../support/eventually.js';
import { RunningGateway, startGateway, testApiKey } from '../../support/gateway-app.js';
import { testServers, uniqueNamespace } from '../../support/test-environment.js';

const KIB = 1024;
const BODY_LIMIT_BYTES = 64 * KIB;
// One body at the limit and a little more: a second large body must wait.
const INGEST_BYTES_IN_FLIGHT = 96 * KIB;
const writer = testApiKey('shop', ['ingest']);

let batchCount = 0;
/** A JSON array of `count` valid events with ids of their own (each path `padding` long), and the ids. */
function batch(count: number, padding = 1): { body: string; ids: string[] } {
  const run = String(process.pid * 1000 + batchCount++).padStart(8, '0');
  const ids = Array.from(
    { length: count },
    (_, i) => `0190f3a1-2b3c-7d4e-8f60-${run}${String(i).padStart(4, '0')}`,
  );
  const events = ids.map((event_id) => ({
    event_id,
    session_id: 'e2085be5-9137-4e4e-80b5-f1ffddc25423',
    category: 'party',
    name: 'shop',
    data: { host: 'www.party.com', path: `/${'x'.repeat(padding - 1)}` },
    timestamp: '2021-09-26 09:15:27.243860',
  }));
  return { body: JSON.stringify(events), ids };
}

/** ~60 KiB: nearly the body limit, so a second large body does not fit beside it. */
const holderBatch = () => batch(28, 2000);
/** ~42 KiB. */
const largeBatch = () => batch(25, 1500);

/**
 * A request whose headers announce `body`'s length and whose body is held back after `sent`
 * bytes: admitted, it holds its bytes until it sends the rest (`finish`) or goes away (`abort`).
 */
function heldRequest(url: string, key: string, body: string, sent = 10) {
  const { hostname, port } = new URL(url);
  const socket: Socket = connect(Number(port), hostname);
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => undefined);
  socket.write(
    `POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nConnection: close\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, sent)}`,
  );
  const answer = new Promise<number>((resolve) =>
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0))),
  );
  return { answer, finish: () => socket.write(body.slice(sent)), abort: () => socket.destroy() };
}

function post(url: string, body: string, key = writer.key): Promise<Response> {
  return fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body,
  });
}

/** Resolves with `promise`'s value, or 'pending' if it has not settled within `ms`. */
function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | 'pending'> {
  return Promise.race([
    promise,
    new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms)),
  ]);
}

async function bytesInFlight(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^eventline_gateway_ingest_bytes_in_flight(?:{[^}]*})? (\d+)$/m.exec(text)?.[1]);
}

describe('Ingest admission: the request bodies the gateway holds are bounded by INGEST_BYTES_IN_FLIGHT', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway({
      natsUrl: testServers().natsUrl,
      namespace: uniqueNamespace('admission'),
      keys: [writer],
      BODY_LIMIT_BYTES,
      INGEST_BYTES_IN_FLIGHT,
    });
  });

  afterAll(() => gateway?.close());

  it('holds a request past the budget, unread, until the bytes ahead of it are given back', async () => {
    const large = holderBatch();
    const holder = heldRequest(gateway.url, writer.key, large.body);
    await eventually(
      async () => expect(await bytesInFlight(gateway.url)).toBe(Buffer.byteLength(large.body)),
      { timeoutMs: 5000 },
    );

    const second = largeBatch();
    expect(Buffer.byteLength(second.body)).toBeGreaterThan(
      INGEST_BYTES_IN_FLIGHT - Buffer.byteLength(large.body),
    );
    const waiting = post(gateway.url, second.body);
    expect(await settledWithin(waiting, 1000)).toBe('pending');
    // Small bodies fit beside the holder, but came after the waiting one: they wait too.
    const small = post(gateway.url, batch(1).body);
    expect(await settledWithin(small, 300)).toBe('pending');

    holder.finish();
    expect(await holder.answer).toBe(202);
    expect((await waiting).status).toBe(202);
    expect((await small).status).toBe(202);
    await eventually(async () => expect(await bytesInFlight(gateway.url)).toBe(0), { timeoutMs: 5000 });
  });

  it(`answers 503 gateway_busy with Retry-After after ${INGEST_ADMISSION_WAIT_MS} ms, having published nothing`, async () => {
    const holder = heldRequest(gateway.url, writer.key, holderBatch().body);
    await eventually(async () => expect(await bytesInFlight(gateway.url)).toBeGreaterThan(0), {
      timeoutMs: 5000,
    });
    const refused = largeBatch();
    const startedAt = Date.now();
    const response = await post(gateway.url, refused.body);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(INGEST_ADMISSION_WAIT_MS - 100);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toEqual({
      error: { code: 'gateway_busy', message: expect.stringMatching(/nothing was accepted/) },
    });
    holder.abort();
    // Retried, every event is new: the refused request published none of them.
    const retried = await post(gateway.url, refused.body);
    expect(retried.status).toBe(202);
    expect(await retried.json()).toMatchObject({ accepted: 25, duplicates: 0, rejected: 0 });
  }, 30_000);

  it('gives the bytes of a client that goes away back at once', async () => {
    const holder = heldRequest(gateway.url, writer.key, holderBatch().body);
    await eventually(async () => expect(await bytesInFlight(gateway.url)).toBeGreaterThan(0), {
      timeoutMs: 5000,
    });
    const waiting = post(gateway.url, largeBatch().body);
    expect(await settledWithin(waiting, 500)).toBe('pending');
    holder.abort();
    const answered = await settledWithin(waiting, 2000);
    expect(answered !== 'pending' && answered.status).toBe(202);
    await eventually(async () => expect(await bytesInFlight(gateway.url)).toBe(0), { timeoutMs: 5000 });
  });

  it('takes nothing for a client that goes away while it waits', async () => {
    const holder = heldRequest(gateway.url, writer.key, holderBatch().body);
    await eventually(async () => expect(await bytesInFlight(gateway.url)).toBeGreaterThan(0), {
      timeoutMs: 5000,
    });
    const held = await bytesInFlight(gateway.url);
    // Whole bodies sent; they wait behind the holder, and hang up.
    const leavers = Array.from({ length: 3 }, () =>
      heldRequest(gateway.url, writer.key, largeBatch().body, Infinity),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const leaver of leavers) leaver.abort();
    await new Promise((resolve) => setTimeout(resolve, 300));
    holder.abort();
    await eventually(async () => expect(await bytesInFlight(gateway.url)).toBe(0), { timeoutMs: 5000 });
    expect(held).toBe(Buffer.byteLength(holderBatch().body));
    // Nothing of theirs is left queued either: the next large body goes straight in.
    const next = await settledWithin(post(gateway.url, largeBatch().body), 2000);
    expect(next !== 'pending' && next.status).toBe(202);
  });

  it('gives back the bytes of pipelined requests whose connection dies before their answers', async () => {
    const { hostname, port } = new URL(gateway.url);
    for (let attempt = 0; attempt < 5; attempt++) {
      const socket = connect(Number(port), hostname);
      socket.on('error', () => undefined);
      const requests = [holderBatch(), batch(1)].map(
        ({ body }) =>
          `POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${writer.key}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      socket.write(requests.join(''));
      // Gone while the first is being answered and the second waits for its turn on the socket.
      await new Promise((resolve) => setTimeout(resolve, attempt * 2));
      socket.destroy();
    }
    await eventually(async () => expect(await bytesInFlight(gateway.url)).toBe(0), { timeoutMs: 5000 });
  });

  it('refuses a caller without a valid key at once, while the budget is full', async () => {
    const holder = heldRequest(gateway.url, writer.key, holderBatch().body);
    try {
      await eventually(async () => expect(await bytesInFlight(gateway.url)).toBeGreaterThan(0), {
        timeoutMs: 5000,
      });
      const anonymous = await settledWithin(post(gateway.url, batch(1).body, 'not-a-key'), 1000);
      expect(anonymous !== 'pending' && anonymous.status).toBe(401);
      const health = await settledWithin(fetch(`${gateway.url}/health/live`), 1000);
      expect(health !== 'pending' && health.status).toBe(200);
    } finally {
      holder.abort();
    }
  });

  it('keeps every accepted event of many concurrent large requests, whatever was refused', async () => {
    // 12 bodies of ~50 KiB against a budget of 96 KiB: most wait; each is answered 202 or 503.
    const batches = Array.from({ length: 12 }, () => batch(25, 2000));
    const answers = await Promise.all(batches.map((b) => post(gateway.url, b.body)));
    expect(answers.every((a) => a.status === 202 || a.status === 503)).toBe(true);
    // Ledger: a second send of every batch finds exactly the first's accepted events as duplicates.
    for (const [i, answer] of answers.entries()) {
      const resent = (await (await post(gateway.url, batches[i].body)).json()) as { duplicates: number };
      expect(resent.duplicates).toBe(answer.status === 202 ? 25 : 0);
    }
  }, 60_000);
});
