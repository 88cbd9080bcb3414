import { jetstreamManager, jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { NatsCluster } from '../../support/nats-cluster.js';

it('helper works', async () => {
  const t0 = Date.now();
  const cluster = await NatsCluster.start();
  console.log('started', Date.now() - t0, cluster.url);
  try {
    const nc = await connect({ servers: cluster.url.split(','), maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'X', subjects: ['x.>'], num_replicas: 3 });
    await jsm.consumers.add('X', { durable_name: 'c', ack_policy: 'explicit' as never });
    const js = jetstream(nc);
    await js.publish('x.a', 'hi');
    const leader = await cluster.streamLeader('X');
    console.log('leader', leader, Date.now() - t0);
    await cluster.kill(leader);
    const t1 = Date.now();
    for (;;) { try { await js.publish('x.a', 'hi', { timeout: 1000 }); break; } catch (e) { } }
    console.log('publish ok after', Date.now() - t1, 'new leader', await cluster.streamLeader('X'));
    await cluster.start(leader);
    const t2 = Date.now();
    await cluster.waitUntilCurrent('X');
    console.log('current after', Date.now() - t2);
    await nc.close();
  } finally {
    console.log(cluster.logTail('nats-1', 10));
    await cluster.dispose();
  }
}, 180_000);
