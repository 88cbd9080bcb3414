import {
  Inject,
  Injectable,
  Logger,
  OnApplicationShutdown,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstream, JetStreamClient } from '@nats-io/jetstream';
import { connect, createInbox, NatsConnection, NodeConnectionOptions } from '@nats-io/transport-node';
import { retryWithStartBackoff } from '@eventline/config';
import { EventTopology } from '@eventline/contracts';
import { natsConnectionOptions, natsSettingsFrom } from './nats-connection.options.js';
import { NATS_MODULE_OPTIONS, type NatsModuleOptions } from './nats-module.options.js';

type ReadyCallback = (nc: NatsConnection) => Promise<void> | void;

/**
 * How long the drain at shutdown may take before the connection is closed anyway: nats.js's drain
 * has no bound of its own (it waits on the server for each subscription), and a stop must end.
 */
const DRAIN_LIMIT_MS = 5_000;

/**
 * The app's one NATS connection: opened at start, drained at shutdown. A slow or absent NATS does
 * not stop the start: the app comes up not ready (readiness names what it waits for) and keeps
 * trying with back-off, logging each wait; once connected (and the topology provisioned) the
 * work registered with {@link whenReady} begins. Connected once, the client reconnects by itself.
 */
@Injectable()
export class NatsConnectionService implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('Nats');
  private readonly options: NodeConnectionOptions;
  private nc?: NatsConnection;
  private js?: JetStreamClient;
  private connected = false;
  private ready = false;
  private waitingFor = 'NATS: not yet tried';
  private started?: Promise<void>;
  private readonly pending: ReadyCallback[] = [];
  private readonly stopping = new AbortController();

  constructor(
    @Inject(NATS_MODULE_OPTIONS) private readonly module: NatsModuleOptions,
    private readonly topology: EventTopology,
  ) {
    // The inbox prefix comes with the settings: NATS_INBOX_PREFIX, by default `_INBOX_<NATS_USER>`.
    this.options = natsConnectionOptions(natsSettingsFrom(module.config, module.name));
  }

  /**
   * One attempt before the app finishes starting, so that with NATS up the app starts ready (as
   * callers of {@link whenReady} expect); if it fails, the rest of the waiting is in the background.
   */
  onModuleInit(): Promise<void> {
    // Once: a hybrid app (the query service's microservice) runs the hook twice, and a second
    // waiting loop would open a second connection.
    this.started ??= this.attempt().then((ready) => {
      if (!ready) void this.retry();
    });
    return this.started;
  }

  /** The options of a further connection of this app (Nest's NATS client), under its own name. */
  connectionOptions(name: string): NodeConnectionOptions {
    return { ...this.options, name };
  }

  /** The connection; throws, naming what the app waits for, while there is none yet. */
  connection(): NatsConnection {
    if (!this.nc || !this.ready) throw new Error(`waiting for ${this.waitingFor}`);
    return this.nc;
  }

  /** The JetStream client of {@link connection}. */
  jetstream(): JetStreamClient {
    this.js ??= jetstream(this.connection());
    return this.js;
  }

  /** A new inbox subject under the connection's prefix (NATS_INBOX_PREFIX), for replies read by the app. */
  newInbox(): string {
    return createInbox(this.options.inboxPrefix);
  }

  /** True while a server is connected (false before the first connection, during a reconnect, after close). */
  isConnected(): boolean {
    return this.ready && this.connected && !this.nc!.isClosed();
  }

  /**
   * Runs `start` with the connection once it is ready: now (awaited) when it already is, else as
   * soon as it becomes ready. Nothing runs once the app shuts down.
   */
  async whenReady(start: ReadyCallback): Promise<void> {
    if (this.ready) await start(this.nc!);
    else this.pending.push(start);
  }

  /** Resolves with the connection once it is ready; never rejects (stays pending if the app stops first). */
  readyConnection(): Promise<NatsConnection> {
    return new Promise((resolve) => void this.whenReady(resolve));
  }

  /** First of the shutdown hooks: stop waiting, so nothing starts while the app is stopping. */
  onModuleDestroy(): void {
    this.stopping.abort();
    this.pending.length = 0;
  }

  /** Last: what used the connection has stopped (before-shutdown hooks, Nest's transports). */
  async onApplicationShutdown(): Promise<void> {
    const nc = this.nc;
    if (!nc || nc.isClosed()) return;
    // Drain lets the last acks and replies out before the connection closes.
    const drained = nc.drain().then(
      () => true,
      (error: unknown) => {
        this.logger.warn({
          msg: 'NATS drain failed',
          error: error instanceof Error ? error.message : String(error),
        });
        return false;
      },
    );
    if (await Promise.race([drained, sleep(DRAIN_LIMIT_MS, false, { ref: false })])) return;
    this.logger.warn({
      msg: 'closing the NATS connection without a finished drain',
      limit_ms: DRAIN_LIMIT_MS,
    });
    if (!nc.isClosed()) await nc.close();
  }

  private async attempt(): Promise<boolean> {
    try {
      if (!this.nc) {
        this.waitingFor = `NATS at ${String(this.options.servers)}`;
        // One pass over the servers; the waiting between passes is this class's, so it is logged.
        const nc = await connect({ ...this.options, waitOnFirstConnect: false });
        if (this.stopping.signal.aborted) {
          await nc.close();
          return false;
        }
        this.nc = nc;
        this.connected = true;
        void this.watch(nc);
      }
      if (this.module.provision) {
        this.waitingFor = `the JetStream streams and consumers of ${this.topology.eventsStream}`;
        await this.module.provision(this.nc, this.topology);
      }
      this.ready = true;
      return true;
    } catch (error) {
      this.waitingFor += ` (${error instanceof Error ? error.message : String(error)})`;
      return false;
    }
  }

  private async retry(): Promise<void> {
    const ready = await retryWithStartBackoff(
      () => this.attempt(),
      (delayMs) =>
        this.logger.warn({ msg: 'waiting for NATS', waiting_for: this.waitingFor, retry_in_ms: delayMs }),
      this.stopping.signal,
    );
    if (!ready) return; // shutting down
    this.logger.log({ msg: 'NATS ready', servers: this.options.servers });
    for (const start of this.pending.splice(0)) {
      try {
        await start(this.nc!);
      } catch (error) {
        this.logger.error({ msg: 'could not start after NATS became ready', error: String(error) });
      }
    }
  }

  private async watch(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') this.connected = false;
      else if (status.type === 'reconnect') this.connected = true;
    }
  }
}
