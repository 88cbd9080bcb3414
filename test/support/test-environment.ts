import { randomBytes } from 'node:crypto';

/** Where the shared test servers are (set by global-setup or scripts/test-services.sh). */
export function testServers(): { natsUrl: string; mongoUrl: string } {
  const natsUrl = process.env.NATS_URL;
  const mongoUrl = process.env.MONGO_URL;
  if (!natsUrl || !mongoUrl)
    throw new Error('NATS_URL and MONGO_URL must be set (see test/support/global-setup.mjs)');
  return { natsUrl, mongoUrl };
}

/**
 * A namespace for one test file: prefixes its streams and subjects and names its database, so
 * files and repeated runs never see each other's data.
 */
export function uniqueNamespace(label: string): string {
  return `t${label.replace(/[^a-z0-9]/g, '').slice(0, 12)}${randomBytes(4).toString('hex')}`;
}

/**
 * Stream bounds for the apps a test starts. JetStream reserves a stream's `max_bytes` on the
 * server's storage, and test files leave their namespaces' streams behind on the shared server:
 * with the production defaults (1.25 GiB a namespace) a few dozen runs would exhaust it.
 */
export const TEST_STREAM_LIMITS = {
  EVENTS_STREAM_MAX_BYTES: String(8 * 1024 * 1024),
  DLQ_STREAM_MAX_BYTES: String(2 * 1024 * 1024),
} as const;

/** The MongoDB URL of a database of its own for one test file. */
export function databaseUrl(mongoUrl: string, database: string): string {
  const url = new URL(mongoUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
