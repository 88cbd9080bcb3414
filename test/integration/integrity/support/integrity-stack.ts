import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { EventTopology, GATEWAY_PUBLISHER_ID } from '@eventline/contracts';
import { connectNats, type NatsConnection } from '@eventline/messaging';
import { RunningGateway, startGateway, testApiKey, TestApiKey } from '../../../support/gateway-app.js';
import { QueryReplica, startQueryReplica } from '../../../support/query-replica.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../../support/test-environment.js';
import { EventStore } from '../../ingestor/support/event-store.js';
import { IngestorProcess } from '../../ingestor/support/ingestor-process.js';

const GATEWAY_SECRET = 'integrity-gateway-secret-0123456789';

/** The applications of these tests: each has an API key (ingest + query) and a NATS secret. */
export type AppName = 'alpha' | 'beta';

export const NATS_SECRETS: Record<AppName, string> = {
  alpha: 'alpha-nats-secret-0123456789',
  beta: 'beta-nats-secret-0123456789',
};

/** A `party` event of `app` as posted, with a fresh event id unless one is given. */
export function partyEvent(app: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_id: randomUUID(),
    session_id: randomUUID(),
    category: 'party',
    name: app,
    data: { host: 'www.party.com', path: '/' },
    timestamp: '2021-09-26 09:15:27.243860',
    ...overrides,
  };
}

export interface EventResult {
  index: number;
  event_id?: string;
  status: 'accepted' | 'duplicate' | 'rejected';
  errors?: { field: string; code: string }[];
}

export interface IngestAnswer {
  status: number;
  results: EventResult[];
}

/**
 * The whole system on the shared test servers, in a namespace and database of its own: the built
 * ingestor (a process, every category), the gateway and a query replica (in-process), a reader of
 * the stored documents, and a plain NATS connection for what a process with NATS access publishes.
 */
export class IntegrityStack {
  readonly topology: EventTopology;

  private constructor(
    readonly namespace: string,
    private readonly keys: Record<AppName, TestApiKey>,
    readonly nc: NatsConnection,
    readonly store: EventStore,
    readonly gateway: RunningGateway,
    private readonly ingestor: IngestorProcess,
    private readonly replica: QueryReplica,
  ) {
    this.topology = new EventTopology(namespace);
  }

  /** `streamBytes`: stream EVENTS's bound, for a test that may build up a larger backlog. */
  static async start(label: string, streamBytes?: number): Promise<IntegrityStack> {
    const { natsUrl, mongoUrl } = testServers();
    const namespace = uniqueNamespace(label);
    const url = databaseUrl(mongoUrl, namespace);
    const keys = {
      alpha: testApiKey('alpha', ['ingest', 'query']),
      beta: testApiKey('beta', ['ingest', 'query']),
    };
    const ingestor = await IngestorProcess.start({
      NATS_URL: natsUrl,
      MONGO_URL: url,
      EVENTLINE_NAMESPACE: namespace,
      INGEST_CATEGORIES: '*',
      PUBLISHER_SECRETS: JSON.stringify({ ...NATS_SECRETS, [GATEWAY_PUBLISHER_ID]: GATEWAY_SECRET }),
      ...(streamBytes ? { EVENTS_STREAM_MAX_BYTES: String(streamBytes) } : {}),
    });
    return new IntegrityStack(
      namespace,
      keys,
      await connectNats({ url: natsUrl, name: `${label}-test` }),
      await EventStore.open(url),
      await startGateway({
        natsUrl,
        namespace,
        keys: Object.values(keys),
        GATEWAY_SIGNING_SECRET: GATEWAY_SECRET,
      }),
      ingestor,
      await startQueryReplica({ natsUrl, mongoUrl: url, namespace }),
    );
  }

  /** `POST /v1/events` with `app`'s key. */
  async post(app: AppName, body: unknown): Promise<IngestAnswer> {
    const response = await fetch(`${this.gateway.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.keys[app].key}` },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as { results?: EventResult[] };
    return { status: response.status, results: json.results ?? [] };
  }

  /** `GET /v1/sessions/{id}/events` with `app`'s key: the items, or the status when not 200. */
  async sessionEvents(app: AppName, sessionId: string): Promise<Record<string, unknown>[]> {
    const response = await fetch(`${this.gateway.url}/v1/sessions/${sessionId}/events?limit=1000`, {
      headers: { authorization: `Bearer ${this.keys[app].key}` },
    });
    if (response.status !== 200) throw new Error(`GET session events answered ${response.status}`);
    return ((await response.json()) as { items: Record<string, unknown>[] }).items;
  }

  /** Messages of the category's durable consumer not yet acknowledged (pending or in flight). */
  async unsettled(category: string): Promise<number> {
    const jsm = await jetstreamManager(this.nc);
    const info = await jsm.consumers.info(this.topology.eventsStream, this.topology.consumerName(category));
    return info.num_pending + info.num_ack_pending;
  }

  async stop(): Promise<void> {
    await this.gateway?.close();
    await this.replica?.close();
    this.ingestor?.kill('SIGTERM');
    await this.ingestor?.exited;
    await this.store?.close();
    const jsm = await jetstreamManager(this.nc);
    for (const stream of [this.topology.eventsStream, this.topology.dlqStream])
      await jsm.streams.delete(stream).catch(() => undefined);
    await this.nc.drain();
  }
}
