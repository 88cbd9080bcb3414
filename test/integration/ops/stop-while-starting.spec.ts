import { eventually } from '../../support/eventually.js';
import { freePort } from '../../support/free-port.js';
import { AppName, AppProcess } from './support/app-process.js';
import { composeEnvironment, withoutNatsCredentials } from './support/compose-file.js';
import { StartingGate } from './support/starting-gate.js';

describe('an app stopped while it still starts (docker compose stop while NATS or MongoDB do not answer)', () => {
  it.each(['gateway', 'ingestor', 'query'] as AppName[])('%s exits 0 at once on SIGTERM', async (app) => {
    // A NATS and a MongoDB that accept connections and never answer: the app's first connections wait.
    const [nats, mongo] = await Promise.all([
      StartingGate.start('nats://127.0.0.1:1', Number.MAX_SAFE_INTEGER),
      StartingGate.start('mongodb://127.0.0.1:1', Number.MAX_SAFE_INTEGER),
    ]);
    const process = new AppProcess(app, {
      ...withoutNatsCredentials(composeEnvironment(app)),
      NODE_ENV: 'production',
      NATS_URL: nats.url,
      MONGO_URL: `${mongo.url}/eventline`,
      [app === 'gateway' ? 'PORT' : 'HEALTH_PORT']: String(await freePort()),
    });
    try {
      // Stopped once it waits (its modules loaded, a first connection held at a gate).
      await eventually(() => expect(nats.arrived + mongo.arrived).toBeGreaterThan(0), { timeoutMs: 30_000 });
      const stoppedAt = Date.now();
      expect(await process.stop()).toEqual({ code: 0, signal: null });
      // Each exits in ~50 ms; the waits it must not sit out are ≥ 5 s (MongoDB's server selection
      // timeout, which the ingestor's close once waited for), so 2.5 s leaves room for a loaded machine.
      expect(Date.now() - stoppedAt).toBeLessThan(2_500);
    } finally {
      await Promise.all([nats.close(), mongo.close()]);
    }
  });
});
