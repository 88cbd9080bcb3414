import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';
import { AppName, AppProcess, freePort } from './support/app-process.js';
import { composeEnvironment, withoutNatsCredentials } from './support/compose-file.js';
import { StartingGate } from './support/starting-gate.js';

describe('an app stopped while it still starts (docker compose stop during a slow first connection)', () => {
  const { mongoUrl } = testServers();
  const database = uniqueNamespace('stopstart');

  it.each(['gateway', 'ingestor', 'query'] as AppName[])('%s exits 0 at once on SIGTERM', async (app) => {
    // A NATS that accepts the connection and never answers: the app's first connect waits for it.
    const silent = await StartingGate.start('nats://127.0.0.1:1', Number.MAX_SAFE_INTEGER);
    const process = new AppProcess(app, {
      ...withoutNatsCredentials(composeEnvironment(app)),
      NODE_ENV: 'production',
      NATS_URL: silent.url,
      MONGO_URL: databaseUrl(mongoUrl, database),
      [app === 'gateway' ? 'PORT' : 'HEALTH_PORT']: String(await freePort()),
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const stoppedAt = Date.now();
      expect(await process.stop()).toEqual({ code: 0, signal: null });
      expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    } finally {
      await silent.close();
    }
  });
});
