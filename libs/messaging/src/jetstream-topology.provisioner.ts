import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  StreamConfig,
} from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';
import { CATEGORY_NAMES, EventTopology } from '@eventline/contracts';
import { DLQ_MAX_MESSAGE_BYTES, EVENTS_MAX_MESSAGE_BYTES, TopologyLimits } from './stream-limits.js';

export interface ProvisionOptions {
  /** Stream replicas: 1 on a single server, 3 in a production cluster. */
  replicas: number;
  /** De-duplication window: at least two minutes (docs/architecture.md, "Delivery guarantees"). */
  duplicateWindowMs: number;
  /** How long an ingestor may hold a message before it is redelivered. */
  ackWaitMs: number;
  /** Deliveries before a message is routed to the DLQ instead. */
  maxDeliver: number;
  /**
   * How many bytes each stream may hold: the apps pass their configuration's. Without it only the
   * server's JetStream storage bounds them (tools and tests): JetStream reserves `max_bytes` on the
   * server's storage for every stream, so a default here would be reserved by every namespace.
   */
  limits?: TopologyLimits;
  /**
   * Create what is missing but leave existing streams and consumers as they are. For a service
   * (the gateway) that needs the stream to exist but does not own its settings: an update from it
   * would undo the replicas / max_deliver / ack_wait the ingestor configured.
   */
  createOnly?: boolean;
}

export const DEFAULT_PROVISION_OPTIONS: ProvisionOptions = {
  replicas: 1,
  duplicateWindowMs: 120_000,
  ackWaitMs: 30_000,
  maxDeliver: 10,
};

const nanos = (ms: number) => ms * 1_000_000;

/**
 * Creates or updates the streams and the per-category durable consumers. Safe to run from every
 * replica at every start: add-or-update converges on the same configuration.
 *
 * Stream EVENTS takes exactly the subjects of the registered categories: a message on any other
 * (`events.nope`, `events.party.extra`) is refused to its publisher (no stream answers it) rather
 * than acknowledged and never consumed. Interest retention: a message is removed once every
 * consumer acknowledged it — the category's ingest consumer (stored or dead-lettered) and a
 * passing live feed — so its byte limit bounds the backlog, not history. Interest also means a
 * message no consumer matches would be dropped at once: every app that provisions creates the
 * consumer of every registered category, consumed or not (see docs/architecture.md).
 * Both streams refuse new messages when full (discard policy `new`) and never expire one (no
 * `max_age`): an accepted event is never discarded, its publisher gets an error instead.
 */
export async function provisionTopology(
  nc: NatsConnection,
  topology: EventTopology,
  categories: readonly string[],
  options: ProvisionOptions = DEFAULT_PROVISION_OPTIONS,
): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await upsertStream(jsm, options, {
    name: topology.eventsStream,
    subjects: CATEGORY_NAMES.map((category) => topology.eventsSubject(category)),
    storage: StorageType.File,
    retention: RetentionPolicy.Interest,
    num_replicas: options.replicas,
    duplicate_window: nanos(options.duplicateWindowMs),
    discard: DiscardPolicy.New,
    max_bytes: options.limits?.events.maxBytes ?? -1,
    max_age: 0,
    max_msg_size: EVENTS_MAX_MESSAGE_BYTES,
  });
  await upsertStream(jsm, options, {
    name: topology.dlqStream,
    subjects: [topology.dlqWildcard],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    num_replicas: options.replicas,
    duplicate_window: nanos(options.duplicateWindowMs),
    discard: DiscardPolicy.New,
    max_bytes: options.limits?.dlq.maxBytes ?? -1,
    max_age: 0,
    max_msg_size: DLQ_MAX_MESSAGE_BYTES,
  });
  for (const category of categories) {
    const config = {
      durable_name: topology.consumerName(category),
      filter_subject: topology.eventsSubject(category),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(options.ackWaitMs),
      max_deliver: options.maxDeliver,
      max_ack_pending: 20_000,
    };
    const exists = await jsm.consumers.info(topology.eventsStream, config.durable_name).then(
      () => true,
      (error: unknown) => (isNotFound(error) ? false : Promise.reject(error)),
    );
    // A concurrent replica adding the same configuration is not an error: `add` is idempotent.
    if (!exists) await jsm.consumers.add(topology.eventsStream, config);
    else if (!options.createOnly)
      await jsm.consumers.update(topology.eventsStream, config.durable_name, config);
  }
}

async function upsertStream(
  jsm: Awaited<ReturnType<typeof jetstreamManager>>,
  options: ProvisionOptions,
  config: Partial<StreamConfig> & { name: string },
): Promise<void> {
  const exists = await jsm.streams.info(config.name).then(
    () => true,
    (error: unknown) => (isNotFound(error) ? false : Promise.reject(error)),
  );
  if (!exists) await jsm.streams.add(config);
  else if (!options.createOnly) await jsm.streams.update(config.name, config);
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof JetStreamApiError &&
    (error.code === JetStreamApiCodes.StreamNotFound || error.code === JetStreamApiCodes.ConsumerNotFound)
  );
}
