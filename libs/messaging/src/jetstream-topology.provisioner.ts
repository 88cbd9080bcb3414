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
}

export const DEFAULT_PROVISION_OPTIONS: ProvisionOptions = {
  replicas: 1,
  duplicateWindowMs: 120_000,
  ackWaitMs: 30_000,
  maxDeliver: 10,
};

const nanos = (ms: number) => ms * 1_000_000;

// nats-server's answers to a create that finds the name taken with another configuration
// (server/errors.json): JSStreamNameExistErr and JSConsumerAlreadyExists. An identical one succeeds.
const STREAM_NAME_IN_USE = 10058;
const CONSUMER_ALREADY_EXISTS = 10148;

/**
/**
 * The owner's provisioning (the ingestor's): creates the streams and the per-category durable
 * consumers, or updates them to `options`. Safe to run from every replica at every start, and at
 * the same instant as another process creating them: a create that loses the race becomes an
 * update, so all end with this configuration. Settings it does not name (a stream's `max_age` set
 * by an operator) are kept: an update merges into the existing configuration.
 *
 * Interest retention on EVENTS (see {@link eventsStreamConfig}) means a message no consumer
 * matches would be dropped at once: the owner passes every registered category, consumed by
 * this replica or not (see docs/architecture.md).
 */
export async function provisionTopology(
  nc: NatsConnection,
  topology: EventTopology,
  categories: readonly string[],
  options: ProvisionOptions = DEFAULT_PROVISION_OPTIONS,
): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for (const stream of [eventsStreamConfig(topology, options), dlqStreamConfig(topology, options)]) {
    await createOr(
      () => jsm.streams.add(stream),
      STREAM_NAME_IN_USE,
      () => jsm.streams.update(stream.name, stream),
    );
  }
  for (const category of categories) {
    const consumer = consumerConfig(topology, category, options);
    await createOr(
      () => jsm.consumers.add(topology.eventsStream, consumer),
      CONSUMER_ALREADY_EXISTS,
      () => jsm.consumers.update(topology.eventsStream, consumer.durable_name, consumer),
    );
  }
}

/**
 * A publisher's provisioning (the gateway's): makes sure stream EVENTS exists, so events can be
 * accepted before any ingestor has started, and changes nothing that exists: the streams and the
 * consumers are the ingestor's ({@link provisionTopology}), whatever this process is configured with.
 * It also creates each registered category's consumer that is missing: EVENTS keeps a message only
 * while a consumer matches it (interest retention), so an event accepted before the first ingestor
 * started would otherwise be dropped. The ingestor's start updates them to its configuration.
 */
export async function ensureEventsStream(
  nc: NatsConnection,
  topology: EventTopology,
  options: ProvisionOptions = DEFAULT_PROVISION_OPTIONS,
): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const stream = eventsStreamConfig(topology, options);
  const exists = await jsm.streams.info(stream.name).then(
    () => true,
    (error: unknown) =>
      apiErrorCode(error) === JetStreamApiCodes.StreamNotFound ? false : Promise.reject(error),
  );
  if (!exists)
    await createOr(
      () => jsm.streams.add(stream),
      STREAM_NAME_IN_USE,
      async () => undefined,
    );
  for (const category of CATEGORY_NAMES) {
    // Looked up first: an `add` of an existing durable with other settings updates it (measured on
    // nats-server), which would undo the ingestor's max_deliver / ack_wait.
    const consumer = consumerConfig(topology, category, options);
    const found = await jsm.consumers.info(topology.eventsStream, consumer.durable_name).then(
      () => true,
      (error: unknown) =>
        apiErrorCode(error) === JetStreamApiCodes.ConsumerNotFound ? false : Promise.reject(error),
    );
    if (!found) await jsm.consumers.add(topology.eventsStream, consumer);
  }
}

function consumerConfig(topology: EventTopology, category: string, options: ProvisionOptions) {
  return {
    durable_name: topology.consumerName(category),
    filter_subject: topology.eventsSubject(category),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(options.ackWaitMs),
    max_deliver: options.maxDeliver,
    max_ack_pending: 20_000,
  };
}

type StreamOptions = Pick<ProvisionOptions, 'replicas' | 'duplicateWindowMs' | 'limits'>;

/**
 * Stream EVENTS takes exactly the subjects of the registered categories: a message on any other
 * (`events.nope`, `events.party.extra`) is refused to its publisher (no stream answers it) rather
 * than acknowledged and never consumed. Interest retention: a message is removed once every
 * consumer acknowledged it — the category's ingest consumer (stored or dead-lettered) and a
 * passing live feed — so its byte limit bounds the backlog, not history.
 * Both streams refuse new messages when full (discard policy `new`) and are created without a
 * `max_age`: an accepted event is never discarded, its publisher gets an error instead.
 */
function eventsStreamConfig(
  topology: EventTopology,
  options: StreamOptions,
): Partial<StreamConfig> & { name: string } {
  return {
    name: topology.eventsStream,
    subjects: CATEGORY_NAMES.map((category) => topology.eventsSubject(category)),
    storage: StorageType.File,
    retention: RetentionPolicy.Interest,
    num_replicas: options.replicas,
    duplicate_window: nanos(options.duplicateWindowMs),
    discard: DiscardPolicy.New,
    max_bytes: options.limits?.events.maxBytes ?? -1,
    max_msg_size: EVENTS_MAX_MESSAGE_BYTES,
  };
}

function dlqStreamConfig(
  topology: EventTopology,
  options: StreamOptions,
): Partial<StreamConfig> & { name: string } {
  return {
    name: topology.dlqStream,
    subjects: [topology.dlqWildcard],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    num_replicas: options.replicas,
    duplicate_window: nanos(options.duplicateWindowMs),
    discard: DiscardPolicy.New,
    max_bytes: options.limits?.dlq.maxBytes ?? -1,
    max_msg_size: DLQ_MAX_MESSAGE_BYTES,
  };
}

/** Runs `create`; when the name is taken (`takenCode`, another process was first), runs `otherwise`. */
async function createOr(
  create: () => Promise<unknown>,
  takenCode: number,
  otherwise: () => Promise<unknown>,
): Promise<void> {
  try {
    await create();
  } catch (error) {
    if (apiErrorCode(error) !== takenCode) throw error;
    await otherwise();
  }
}

function apiErrorCode(error: unknown): number | undefined {
  return error instanceof JetStreamApiError ? error.code : undefined;
}
