import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  StreamConfig,
} from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';
import { EventTopology } from '@eventline/contracts';

export interface ProvisionOptions {
  /** Stream replicas: 1 on a single server, 3 in a production cluster. */
  replicas: number;
  /** De-duplication window: at least two minutes (docs/architecture.md, "Delivery guarantees"). */
  duplicateWindowMs: number;
  /** How long an ingestor may hold a message before it is redelivered. */
  ackWaitMs: number;
  /** Deliveries before a message is routed to the DLQ instead. */
  maxDeliver: number;
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
 * The owner's provisioning (the ingestor's): creates the streams and the per-category durable
 * consumers, or updates them to `options`. Safe to run from every replica at every start, and at
 * the same instant as another process creating them: a create that loses the race becomes an
 * update, so all end with this configuration. Settings it does not name (a stream's `max_age` set
 * by an operator) are kept: an update merges into the existing configuration.
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
    const consumer = {
      durable_name: topology.consumerName(category),
      filter_subject: topology.eventsSubject(category),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(options.ackWaitMs),
      max_deliver: options.maxDeliver,
      max_ack_pending: 20_000,
    };
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
 */
export async function ensureEventsStream(
  nc: NatsConnection,
  topology: EventTopology,
  options: Pick<ProvisionOptions, 'replicas' | 'duplicateWindowMs'> = DEFAULT_PROVISION_OPTIONS,
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
}

function eventsStreamConfig(
  topology: EventTopology,
  options: Pick<ProvisionOptions, 'replicas' | 'duplicateWindowMs'>,
): Partial<StreamConfig> & { name: string } {
  return {
    name: topology.eventsStream,
    subjects: [topology.eventsWildcard],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    num_replicas: options.replicas,
    duplicate_window: nanos(options.duplicateWindowMs),
  };
}

function dlqStreamConfig(
  topology: EventTopology,
  options: ProvisionOptions,
): Partial<StreamConfig> & { name: string } {
  return {
    ...eventsStreamConfig(topology, options),
    name: topology.dlqStream,
    subjects: [topology.dlqWildcard],
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
