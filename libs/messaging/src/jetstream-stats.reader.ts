import { jetstreamManager, JetStreamManager } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';
import { EventTopology } from '@eventline/contracts';

/** One category consumer's backlog as JetStream reports it. */
export interface CategoryConsumerStats {
  category: string;
  pending: number;
  ackPending: number;
  redelivered: number;
}

/** Reads the consumer backlog and the DLQ depth the ingestor's metrics show. */
export class JetStreamStatsReader {
  private jsm?: Promise<JetStreamManager>;

  constructor(
    /** The app's connection; throws while there is none (yet). */
    private readonly connection: () => NatsConnection,
    private readonly topology: EventTopology,
    private readonly categories: readonly string[],
  ) {}

  async consumerStats(): Promise<CategoryConsumerStats[]> {
    const jsm = await this.manager();
    return Promise.all(
      this.categories.map(async (category) => {
        const info = await jsm.consumers.info(
          this.topology.eventsStream,
          this.topology.consumerName(category),
        );
        return {
          category,
          pending: info.num_pending,
          ackPending: info.num_ack_pending,
          redelivered: info.num_redelivered,
        };
      }),
    );
  }

  async deadLetterCounts(): Promise<Record<string, number>> {
    const jsm = await this.manager();
    const info = await jsm.streams.info(this.topology.dlqStream, {
      subjects_filter: this.topology.dlqWildcard,
    });
    const counts: Record<string, number> = Object.fromEntries(this.categories.map((c) => [c, 0]));
    for (const [subject, count] of Object.entries(info.state.subjects ?? {})) {
      const category = this.topology.categoryOf(subject);
      counts[category] = (counts[category] ?? 0) + count;
    }
    return counts;
  }

  private manager(): Promise<JetStreamManager> {
    this.jsm ??= jetstreamManager(this.connection(), { checkAPI: false });
    return this.jsm;
  }
}
