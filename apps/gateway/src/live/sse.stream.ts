import type { ServerResponse } from 'node:http';
import type { EventItem } from '@eventline/contracts';

/**
 * Past this many bytes waiting in a viewer's socket buffer the viewer cannot keep up: its stream
 * is closed rather than letting the gateway's memory grow (the client reconnects and catches up
 * from the query routes).
 */
export const SSE_MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * How long an ended stream's last bytes may take to leave before its socket is destroyed anyway:
 * a client that stopped reading never takes them, and would hold the server's shutdown.
 */
const END_FLUSH_LIMIT_MS = 1000;

/** How long a client waits before reconnecting after the stream ends (the SSE `retry` field). */
const RECONNECT_DELAY_MS = 3000;

/**
 * One Server-Sent Events response, written by hand on the raw response: Nest's `@Sse()` has no
 * heartbeat, no bound on a slow client's buffer and no way to end streams at shutdown. Events
 * given before {@link open} are held, so none is lost between subscribing and answering.
 */
export class SseStream {
  private held: string[] | undefined = [];
  private heartbeat?: NodeJS.Timeout;
  private ended = false;
  private readonly closeListeners: (() => void)[] = [];

  constructor(private readonly raw: ServerResponse) {
    raw.once('close', () => this.end());
  }

  /** Whether the client went away (or the stream was ended). */
  get closed(): boolean {
    return this.ended || this.raw.destroyed;
  }

  /** Sends the headers (with `headers`, e.g. CORS and X-Request-Id) and starts the heartbeats. */
  open(headers: Record<string, string | number | string[] | undefined>, heartbeatMs: number): void {
    const given = Object.entries(headers).filter(([, value]) => value !== undefined);
    this.raw.writeHead(200, {
      ...(Object.fromEntries(given) as Record<string, string | number | string[]>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // Tells nginx-style proxies not to buffer the stream.
      'x-accel-buffering': 'no',
      connection: 'close',
    });
    const held = this.held ?? [];
    this.held = undefined;
    this.write(`retry: ${RECONNECT_DELAY_MS}\n: connected\n\n${held.join('')}`);
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), heartbeatMs);
  }

  /** One SSE message per event, its id the event id; JSON never holds a raw newline. */
  send(events: readonly EventItem[]): void {
    this.write(events.map((event) => `id: ${event.event_id}\ndata: ${JSON.stringify(event)}\n\n`).join(''));
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  /** Ends the response (if still open); runs the close listeners once. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.heartbeat);
    // The socket serves this stream only (`connection: close`). Once the last bytes are out, or
    // after END_FLUSH_LIMIT_MS if they cannot leave, it is destroyed, not half-closed: a client
    // that stopped reading without closing would otherwise hold it open, and the server's shutdown
    // would wait for it.
    const socket = this.raw.socket;
    if (this.raw.writableEnded) socket?.destroy();
    else {
      const limit = setTimeout(() => socket?.destroy(), END_FLUSH_LIMIT_MS).unref();
      this.raw.end(() => {
        clearTimeout(limit);
        socket?.destroy();
      });
    }
    for (const listener of this.closeListeners) listener();
  }

  private write(chunk: string): void {
    if (this.ended) return;
    if (this.held) {
      this.held.push(chunk);
      return;
    }
    if (this.raw.writableLength > SSE_MAX_BUFFERED_BYTES) {
      this.end();
      return;
    }
    this.raw.write(chunk);
  }
}
