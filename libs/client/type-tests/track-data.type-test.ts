// Compiled, never run: `tsc` must accept every line, and every `@ts-expect-error` must still
// find its error — if the types were loosened, the unused directive fails the compilation.
import { EventlineClient } from '../src/index.js';
import { EventlinePublisher } from '../src/nats/index.js';

declare const client: EventlineClient;
declare const publisher: EventlinePublisher;
const sessionId = '0190b6a4-1c2d-7e3f-8a4b-5c6d7e8f9a0b';

export async function typedTracking(): Promise<void> {
  await client.track('party', { host: 'www.party.com', path: '/' }, { sessionId });
  await client.track('click', { element: '#buy', x: 3 }, { sessionId, awaitAck: true });
  await client.track('page_view', { url: 'https://a.example/' }, { sessionId, timestamp: new Date() });

  // @ts-expect-error host must be a string (and path is missing)
  await client.track('party', { host: 1 }, { sessionId });
  // @ts-expect-error host must be a string, even with every required key present
  await client.track('party', { host: 1, path: '/' }, { sessionId });
  // @ts-expect-error path is required
  await client.track('party', { host: 'www.party.com' }, { sessionId });
  // @ts-expect-error unknown keys are refused by the server, so the types refuse them too
  await client.track('party', { host: 'h', path: '/', extra: true }, { sessionId });
  // @ts-expect-error a category that is not registered
  await client.track('purchase', { host: 'h', path: '/' }, { sessionId });
  // @ts-expect-error another category's data
  await client.track('click', { host: 'h', path: '/' }, { sessionId });
  // @ts-expect-error the session id is required
  await client.track('party', { host: 'h', path: '/' }, {});
}

export async function typedResults(): Promise<void> {
  const result = await client.track('party', { host: 'h', path: '/' }, { sessionId, awaitAck: true });
  if (result.status === 'rejected') {
    const codes: string[] = result.errors.map((e) => `${e.field}:${e.code}`);
    void codes;
  } else if (result.status === 'undelivered') {
    const reason: 'queue_full' | 'closed' | 'retries_exhausted' | 'timeout' = result.reason;
    void reason;
  }
  // @ts-expect-error awaitAck results are final: never merely 'queued'
  if (result.status === 'queued') return;

  const page = await client.events.list({ category: 'party' });
  for (const item of page.items) {
    if (item.category === 'party') {
      const host: string = item.data.host;
      void host;
    }
  }
  // @ts-expect-error filters take registered categories only
  await client.events.list({ category: 'purchase' });
}

export async function typedPublishing(): Promise<void> {
  await publisher.publish('party', { host: 'h', path: '/' }, { sessionId });
  await publisher.publishMany([
    { category: 'party', data: { host: 'h', path: '/' }, sessionId },
    { category: 'click', data: { element: '#a' }, sessionId },
  ]);
  // @ts-expect-error host must be a string
  await publisher.publish('party', { host: 1, path: '/' }, { sessionId });
  // @ts-expect-error each event's data must match its own category
  await publisher.publishMany([{ category: 'click', data: { host: 'h', path: '/' }, sessionId }]);
}
