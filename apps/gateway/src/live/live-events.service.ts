import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { DomainError, ErrorCode, EventItem, validateLiveEventsQuery } from '@eventline/contracts';
import { LiveEventsFeed } from '@eventline/messaging';
import type { ApiClient } from '../auth/api-client.js';
import { queryScopeOf } from '../auth/query-scope.js';
import { GatewayConfig } from '../config/gateway.config.js';
import { refuseInvalid } from '../queries/refuse-invalid.js';
import { liveEventMatches } from './live-event.filter.js';

/** Where a live subscription delivers: the events the caller may see, and the end at shutdown. */
export interface LiveViewer {
  send(events: readonly EventItem[]): void;
  end(): void;
}

/**
 * The live route's use case: validates the filters, holds each key to LIVE_STREAMS_PER_KEY open
 * streams, and hands each viewer only the events its key may read (the queries' scope rule).
 * At shutdown it ends every stream before the HTTP server closes, which would otherwise wait
 * for them forever.
 */
@Injectable()
export class LiveEventsService implements BeforeApplicationShutdown {
  // Keyed by the ApiClient object: the registry makes exactly one per configured key.
  private readonly openPerKey = new Map<ApiClient, number>();
  private readonly viewers = new Set<LiveViewer>();
  private closing = false;
  private readonly logger = new Logger('LiveEventsService');

  constructor(
    private readonly feed: LiveEventsFeed,
    private readonly config: GatewayConfig,
  ) {}

  /**
   * Subscribes the viewer; resolves with the function that unsubscribes it once every event
   * stored from now on will reach it. 400 for bad filters, 429 `too_many_streams` past the key's
   * limit, 503 `broker_unavailable` when JetStream cannot be reached.
   */
  async subscribe(client: ApiClient, params: unknown, viewer: LiveViewer): Promise<() => void> {
    const validation = validateLiveEventsQuery(params);
    refuseInvalid(validation);
    const filters = validation.query;
    const scope = queryScopeOf(client);
    this.refuseWhileClosing();
    const release = this.reserve(client);
    let unsubscribe: () => void;
    try {
      unsubscribe = await this.feed.subscribe((events) => {
        const visible = events.filter((event) => liveEventMatches(event, scope, filters));
        if (visible.length > 0) viewer.send(visible);
      });
    } catch (error) {
      release();
      this.logger.warn(`live feed unavailable: ${error instanceof Error ? error.message : String(error)}`);
      throw new DomainError(ErrorCode.BrokerUnavailable, 'the live feed is unavailable; retry shortly');
    }
    // Shutdown began while the feed started: nothing would end this stream, and the HTTP server's
    // close would wait for it.
    if (this.closing) {
      unsubscribe();
      release();
      this.refuseWhileClosing();
    }
    this.viewers.add(viewer);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.viewers.delete(viewer);
      unsubscribe();
      release();
    };
  }

  /** Streams open on this gateway. */
  openStreams(): number {
    return this.viewers.size;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    for (const viewer of [...this.viewers]) viewer.end();
    await this.feed.close();
  }

  private refuseWhileClosing(): void {
    if (this.closing) {
      throw new DomainError(ErrorCode.BrokerUnavailable, 'the gateway is shutting down; retry shortly');
    }
  }

  private reserve(client: ApiClient): () => void {
    const open = this.openPerKey.get(client) ?? 0;
    const limit = this.config.LIVE_STREAMS_PER_KEY;
    if (open >= limit) {
      throw new DomainError(
        ErrorCode.TooManyStreams,
        `this key already has ${limit} live streams open (LIVE_STREAMS_PER_KEY); close one and retry`,
      );
    }
    this.openPerKey.set(client, open + 1);
    return () => {
      const left = (this.openPerKey.get(client) ?? 1) - 1;
      if (left > 0) this.openPerKey.set(client, left);
      else this.openPerKey.delete(client);
    };
  }
}
