import { randomUUID } from 'node:crypto';
import { DiscardPolicy, jetstream, jetstreamManager, RetentionPolicy } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { CATEGORY_NAMES, EventTopology, writeEventMessageHeaders } from '@eventline/contracts';
import {
  connectNats,
  DEFAULT_PROVISION_OPTIONS,
  DLQ_MAX_MESSAGE_BYTES,
  EVENTS_MAX_MESSAGE_BYTES,
  provisionTopology,
  type NatsConnection,
} from '@eventline/messaging';
import { startGateway, testApiKey } from '../../support/gateway-app.js';
import { testServers, uniqueNamespace } from '../../support/test-environment.js';
import { partyEvent } from './support/integrity-stack.js';

const MIB = 1024 * 1024;

describe('integrity: the streams strand nothing and are bounded', () => {
  const { natsUrl } = testServers();
  const topology = new EventTopology(uniqueNamespace('streams'));
  let nc: NatsConnection;

  beforeAll(async () => {
    nc = await connectNats({ url: natsUrl, name: 'streams-test' });
    await provisionTopology(nc, topology, CATEGORY_NAMES, {
      ...DEFAULT_PROVISION_OPTIONS,
      limits: { events: { maxBytes: MIB }, dlq: { maxBytes: MIB } },
    });
  });

  afterAll(async () => {
    const jsm = await jetstreamManager(nc);
    for (const stream of [topology.eventsStream, topology.dlqStream])
      await jsm.streams.delete(stream).catch(() => undefined);
    await nc?.drain();
  });

  it('refuses a signed message on a subject of no registered category to its publisher', async () => {
    const js = jetstream(nc);
    const body = Buffer.from(JSON.stringify(partyEvent('alpha')));
    const before = (await (await jetstreamManager(nc)).streams.info(topology.eventsStream)).state.messages;
    for (const subject of [topology.eventsSubject('nope'), `${topology.eventsSubject('party')}.extra`]) {
      const h = natsHeaders();
      writeEventMessageHeaders(h, body, { id: 'alpha', secret: 'alpha-nats-secret-0123456789' });
      await expect(js.publish(subject, body, { headers: h, timeout: 5_000 })).rejects.toThrow();
    }
    const after = (await (await jetstreamManager(nc)).streams.info(topology.eventsStream)).state.messages;
    expect(after).toBe(before);
  });

  it('gives EVENTS (interest retention) and EVENTS_DLQ explicit bounds, discarding nothing on their own', async () => {
    const jsm = await jetstreamManager(nc);
    const events = (await jsm.streams.info(topology.eventsStream)).config;
    const dlq = (await jsm.streams.info(topology.dlqStream)).config;
    expect(events).toMatchObject({
      subjects: CATEGORY_NAMES.map((c) => topology.eventsSubject(c)),
      retention: RetentionPolicy.Interest,
      discard: DiscardPolicy.New,
      max_bytes: MIB,
      max_age: 0,
      max_msg_size: EVENTS_MAX_MESSAGE_BYTES,
    });
    expect(dlq).toMatchObject({
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.New,
      max_bytes: MIB,
      max_age: 0,
      max_msg_size: DLQ_MAX_MESSAGE_BYTES,
    });
  });

  it('once EVENTS is full, answers 503 to posts and keeps every event it accepted', async () => {
    const key = testApiKey('alpha', ['ingest']);
    const gateway = await startGateway({ natsUrl, namespace: topology.namespace, keys: [key] });
    const accepted = new Set<string>();
    let refused: Response | undefined;
    try {
      // No ingestor consumes this namespace: the stream only fills.
      for (let request = 0; request < 200 && !refused; request++) {
        const session = randomUUID();
        const batch = Array.from({ length: 100 }, () => partyEvent('alpha', { session_id: session }));
        const response = await fetch(`${gateway.url}/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key.key}` },
          body: JSON.stringify(batch),
        });
        if (response.status === 503) refused = response;
        else {
          expect(response.status).toBe(202);
          for (const result of ((await response.json()) as { results: { event_id: string }[] }).results)
            accepted.add(result.event_id);
        }
      }
      expect(refused?.status).toBe(503);
      expect(((await refused!.json()) as { error: { code: string } }).error.code).toBe('broker_unavailable');
    } finally {
      await gateway.close();
    }

    const jsm = await jetstreamManager(nc);
    const { state } = await jsm.streams.info(topology.eventsStream);
    expect(state.first_seq).toBe(1);
    const stored = new Set<string>();
    for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
      const message = await jsm.streams.getMessage(topology.eventsStream, { seq });
      for (const event of [message!.json<unknown>()].flat() as { event_id: string }[])
        stored.add(event.event_id);
    }
    expect(accepted.size).toBeGreaterThan(1_000);
    expect(stored).toEqual(accepted);
  });
});
