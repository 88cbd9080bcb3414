import { jetstreamManager } from '@nats-io/jetstream';
import { EventTopology } from '@eventline/contracts';
import { connectNats } from '@eventline/messaging';

/** Deletes a test namespace's EVENTS and DLQ streams (and with them their consumers). */
export async function deleteTestStreams(natsUrl: string, namespace: string): Promise<void> {
  const nc = await connectNats({ url: natsUrl, name: `cleanup-${namespace}` });
  const jsm = await jetstreamManager(nc);
  const topology = new EventTopology(namespace);
  for (const stream of [topology.eventsStream, topology.dlqStream])
    await jsm.streams.delete(stream).catch(() => undefined);
  await nc.close();
}
