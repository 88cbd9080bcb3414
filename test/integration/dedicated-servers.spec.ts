import { connectNats } from '@eventline/messaging';
import { dedicatedNats } from '../support/dedicated-servers.js';

describe('dedicated test servers', () => {
  it('a dedicated NATS stops refusing connections and serves again after start', async () => {
    const server = await dedicatedNats();
    try {
      const nc = await connectNats({ url: server.url, name: 'probe' });
      await nc.flush();
      await nc.close();
      await server.stop();
      await expect(fetch(server.url.replace('nats', 'http'))).rejects.toThrow();
      await server.start();
      const again = await connectNats({ url: server.url, name: 'probe' });
      await again.flush();
      await again.close();
    } finally {
      await server.dispose();
    }
  });
});
