import {
  JetStreamApiCodes,
  JetStreamApiError,
  jetstreamManager,
  JetStreamManager,
  StreamInfo,
} from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';

// A replicated stream's leader hears from each follower at least every second (nats-server's RAFT
// heartbeat), so a follower silent for this long is gone. The leader itself keeps reporting such a
// follower as "current" for some ten seconds more, while no write can be confirmed.
const FOLLOWER_SILENCE_LIMIT_MS = 5_000;

/**
 * Readiness over the app's own NATS connection (the shape libs/observability's `NatsHealthProbe`
 * asks for): the server answers a ping, and the streams the app needs exist and can take writes —
 * in a cluster, each has a leader and a majority of its replicas, so losing quorum makes the app
 * not ready.
 */
export class JetStreamHealthProbe {
  private jsm?: Promise<JetStreamManager>;

  constructor(
    /** The app's connection; throws while there is none (yet), which makes the app not ready. */
    private readonly connection: () => NatsConnection,
    private readonly streams: readonly string[],
  ) {}

  async ping(): Promise<void> {
    const nc = this.connection();
    if (nc.isClosed()) throw new Error('connection closed');
    // While reconnecting, the ping waits in the client's buffer: the health check's timeout decides.
    await nc.flush();
  }

  /** The streams missing; throws, naming the stream, when one is present but without quorum. */
  async missingStreams(): Promise<string[]> {
    this.jsm ??= jetstreamManager(this.connection(), { checkAPI: false });
    const jsm = await this.jsm;
    const missing: string[] = [];
    for (const stream of this.streams) {
      // With no leader (an election, or quorum lost for good) nobody answers: the request times out.
      const info = await jsm.streams.info(stream).then(
        (found) => found,
        (error: unknown) =>
          error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound
            ? undefined
            : Promise.reject(error),
      );
      if (!info) missing.push(stream);
      else {
        const lost = quorumLost(info);
        if (lost) throw new Error(`stream ${stream} has no quorum: ${lost}`);
      }
    }
    return missing;
  }
}

/** Why a replicated stream cannot confirm writes, or undefined when it can (or is not replicated). */
function quorumLost(info: StreamInfo): string | undefined {
  const replicas = info.config.num_replicas ?? 1;
  if (replicas <= 1 || !info.cluster) return undefined;
  if (!info.cluster.leader) return 'no leader';
  const followers = (info.cluster.replicas ?? []).filter(
    (peer) => peer.current && !peer.offline && peer.active / 1e6 < FOLLOWER_SILENCE_LIMIT_MS,
  );
  const reachable = followers.length + 1;
  const majority = Math.floor(replicas / 2) + 1;
  return reachable < majority ? `${reachable} of ${replicas} replicas reachable` : undefined;
}
