import { DomainError, ErrorCode } from '@eventline/contracts';
import type { LiveEventsFeed, LiveEventsListener } from '@eventline/messaging';
import type { ApiClient } from '../auth/api-client.js';
import { GatewayConfig } from '../config/gateway.config.js';
import { LiveEventsService } from './live-events.service.js';

/** A feed whose subscriptions complete when the test says so, counting who is still subscribed. */
class HeldFeed {
  readonly listeners = new Set<LiveEventsListener>();
  private readonly pending: (() => void)[] = [];

  subscribe(listener: LiveEventsListener): Promise<() => void> {
    return new Promise((resolve) =>
      this.pending.push(() => {
        this.listeners.add(listener);
        resolve(() => this.listeners.delete(listener));
      }),
    );
  }

  completeSubscriptions(): void {
    for (const complete of this.pending.splice(0)) complete();
  }

  close(): Promise<void> {
    this.listeners.clear();
    return Promise.resolve();
  }
}

const client: ApiClient = { app: 'shop', scopes: new Set(['query']) };
/** A viewer that counts how often it was ended. */
const viewer = () => {
  const seen = { ends: 0 };
  return { seen, send: () => undefined, end: () => void seen.ends++ };
};

function service(feed: HeldFeed): LiveEventsService {
  const config = Object.assign(new GatewayConfig(), { LIVE_STREAMS_PER_KEY: 1 });
  return new LiveEventsService(feed as unknown as LiveEventsFeed, config);
}

describe('LiveEventsService at shutdown', () => {
  it('ends the open streams and refuses new ones', async () => {
    const feed = new HeldFeed();
    const live = service(feed);
    const open = viewer();
    const subscribing = live.subscribe(client, {}, open);
    feed.completeSubscriptions();
    await subscribing;
    await live.beforeApplicationShutdown();
    expect(open.seen.ends).toBe(1);
    const refused = await live.subscribe(client, {}, viewer()).catch((e: unknown) => e);
    expect((refused as DomainError).code).toBe(ErrorCode.BrokerUnavailable);
  });

  it('refuses a stream whose subscription completes after shutdown began, leaving nothing subscribed', async () => {
    const feed = new HeldFeed();
    const live = service(feed);
    const late = live.subscribe(client, {}, viewer()).catch((e: unknown) => e);
    await live.beforeApplicationShutdown();
    feed.completeSubscriptions();
    expect(((await late) as DomainError).code).toBe(ErrorCode.BrokerUnavailable);
    expect(feed.listeners.size).toBe(0);
    expect(live.openStreams()).toBe(0);
  });
});
