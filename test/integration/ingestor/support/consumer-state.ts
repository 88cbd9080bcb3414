import { jetstreamManager } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';
import { EventTopology } from '@eventline/contracts';

/** The durable consumer's progress as the broker sees it. */
export async function consumerState(nc: NatsConnection, topology: EventTopology, category: string) {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.consumers.info(topology.eventsStream, topology.consumerName(category));
  return { ackFloor: info.ack_floor.stream_seq, ackPending: info.num_ack_pending, pending: info.num_pending };
}
