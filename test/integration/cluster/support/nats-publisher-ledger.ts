import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { EventlinePublisher, EventlinePublishError } from '@eventline/client/nats';

/**
 * A backend service publishing signed events straight onto JetStream with the client package's
 * NATS publisher (`@eventline/client/nats`), connected to every server of `natsUrl`
 * (comma-separated, as the apps take it), and the ledger of what JetStream acknowledged.
 */
export class NatsPublisherLedger {
  /** Event id → path, for every event in a message JetStream acknowledged. */
  readonly confirmed = new Map<string, string>();
  /** Ids of events whose message was never acknowledged, retries exhausted. */
  readonly unconfirmed: string[] = [];
  private running = true;
  private loop?: Promise<void>;
  private posted = 0;
  private stopped?: Promise<void>;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly publisher: EventlinePublisher,
    private readonly sessions: readonly string[],
  ) {}

  static async connect(
    natsUrl: string,
    credentials: { user?: string; pass?: string },
    app: string,
    secret: string,
    sessions: readonly string[],
  ): Promise<NatsPublisherLedger> {
    const nc = await connect({
      servers: natsUrl.split(','),
      ...credentials,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
    });
    const publisher = new EventlinePublisher({
      connection: nc,
      app,
      secret,
      timeoutMs: 2_000,
      // Through a leader election: the same bytes and Nats-Msg-Id again, until acknowledged.
      retry: { maxAttempts: 100, baseDelayMs: 100, maxDelayMs: 500 },
    });
    return new NatsPublisherLedger(nc, publisher, sessions);
  }

  /** Publishes `batch` events every `everyMs` until stopped. */
  start(batch: number, everyMs: number): void {
    this.loop = (async () => {
      while (this.running) {
        const due = Date.now() + everyMs;
        const events = Array.from({ length: batch }, () => {
          const n = this.posted++;
          return {
            category: 'party' as const,
            data: { host: 'backend.example', path: `/b${n}` },
            sessionId: this.sessions[n % this.sessions.length],
            eventId: randomUUID(),
          };
        });
        try {
          const receipts = await this.publisher.publishMany(events);
          const acknowledged = new Set(receipts.flatMap((r) => r.event_ids));
          for (const event of events)
            if (acknowledged.has(event.eventId)) this.confirmed.set(event.eventId, event.data.path);
        } catch (error) {
          if (!(error instanceof EventlinePublishError)) throw error;
          this.unconfirmed.push(...error.eventIds);
        }
        const wait = due - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
    })();
  }

  /** Stops publishing after the batch in hand and closes the connection; safe to call twice. */
  stop(): Promise<void> {
    this.running = false;
    this.stopped ??= (async () => {
      await this.loop;
      await this.nc.drain();
    })();
    return this.stopped;
  }
}
