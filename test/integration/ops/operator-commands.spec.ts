import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { EventlinePublisher } from '@eventline/client/nats';
import { eventually } from '../../support/eventually.js';
import { freePort } from '../../support/free-port.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';
import { AppProcess } from './support/app-process.js';
import { composeEnvironment, composeServices, root } from './support/compose-file.js';
import { NATS_PASSWORDS, ShippedNats } from './support/shipped-nats.js';

const run = promisify(execFile);

/** The shell commands of docs/operations.md's `sh` blocks, continuation lines joined. */
function documentedCommands(): string[] {
  const doc = readFileSync(`${root}docs/operations.md`, 'utf8');
  return [...doc.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((block) =>
    block[1]
      .replace(/\\\n\s*/g, '')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
  );
}

const NATS_BOX = /^docker compose --profile ops run --rm (?:-T )?nats-box (.*)$/;

/** The one documented nats-box command matching `pattern`, without its `docker compose` prefix. */
function natsBoxCommand(pattern: RegExp): string {
  const found = documentedCommands()
    .map((line) => NATS_BOX.exec(line)?.[1])
    .filter((command): command is string => command !== undefined && pattern.test(command));
  expect(found).toHaveLength(1);
  return found[0];
}

describe("docs/operations.md's operator commands, against the shipped NATS configuration", () => {
  const database = uniqueNamespace('opscmds');
  const { mongoUrl } = testServers();
  const cli = process.env.NATS_CLI_BIN;
  const backupDir = mkdtempSync(join(tmpdir(), 'eventline-backup-'));
  let nats: ShippedNats;
  let ingestor: AppProcess;
  let healthUrl: string;
  const ingestorEnv = () => ({
    NODE_ENV: 'production',
    ...composeEnvironment('ingestor'),
    NATS_URL: nats.url,
    NATS_PASS: NATS_PASSWORDS.ingestor,
    MONGO_URL: databaseUrl(mongoUrl, database),
    HEALTH_PORT: healthUrl.split(':').at(-1)!,
  });

  /**
   * Runs a documented nats-box command here, as compose's nats-box service would (its user, its
   * directory); in a terminal (`script`) when it pages, as `docker compose run` gives it one.
   */
  async function natsBox(command: string, url = nats.url, { terminal = false } = {}): Promise<string> {
    if (!cli) throw new Error('NATS_CLI_BIN is not set: run the tests through npm test');
    const box = composeServices()['nats-box'];
    expect(box.environment?.NATS_USER).toBe('admin');
    expect(box.working_dir).toBe('/backup');
    const shell = terminal ? ['script', '-qec', command, '/dev/null'] : ['bash', '-c', command];
    const { stdout } = await run(shell[0], shell.slice(1), {
      cwd: backupDir,
      env: {
        PATH: `${dirname(cli)}:${process.env.PATH}`,
        NATS_URL: url,
        NATS_USER: 'admin',
        NATS_PASSWORD: NATS_PASSWORDS.admin,
      },
    });
    return stdout;
  }

  beforeAll(async () => {
    nats = await ShippedNats.start();
    healthUrl = `http://127.0.0.1:${await freePort()}`;
    ingestor = new AppProcess('ingestor', ingestorEnv());
    await ingestor.waitUntilOk(`${healthUrl}/health/ready`);
    // One event stored, and one dead letter: a backend application's event signed with a wrong secret.
    const backend = await connect({
      servers: nats.url,
      user: 'demo-backend',
      pass: NATS_PASSWORDS['demo-backend'],
      inboxPrefix: '_INBOX_demo-backend',
    });
    const secret = JSON.parse(composeEnvironment('ingestor').PUBLISHER_SECRETS)['demo-backend'] as string;
    for (const key of [secret, 'not-the-secret-the-ingestor-knows']) {
      const publisher = new EventlinePublisher({ connection: backend, app: 'demo-backend', secret: key });
      await publisher.publish('party', { host: 'ops.example', path: '/' }, { sessionId: randomUUID() });
    }
    await backend.close();
  });

  afterAll(async () => {
    await ingestor?.stop();
    await nats?.dispose();
    rmSync(backupDir, { recursive: true, force: true });
  });

  it('shows the dead letter and counts it', async () => {
    const count = natsBoxCommand(/stream info EVENTS_DLQ --json/);
    await eventually(async () => expect((await natsBox(count)).trim()).toBe('1'), { timeoutMs: 30_000 });
    const view = await natsBox(natsBoxCommand(/stream view EVENTS_DLQ/), nats.url, { terminal: true });
    expect(view).toContain('Eventline-Dlq-Reason: invalid_signature');
  });

  it('replays a category of the DLQ as the admin', async () => {
    const line = documentedCommands().find((command) => command.includes('dlq-replay.main.js'));
    const [, overrides, command] =
      /^docker compose run --rm ((?:-e \S+ )*)ingestor (.*)$/.exec(line ?? '') ?? [];
    expect(command).toBeDefined();
    const env: Record<string, string> = { ...ingestorEnv() };
    for (const [, name, value] of overrides.matchAll(/-e (\w+)=(\S+) /g)) {
      // The value as the operator's shell expands it (`"${NATS_ADMIN_PASSWORD:-…}"`).
      env[name] = (
        await run('bash', ['-c', `printf %s ${value}`], {
          env: { NATS_ADMIN_PASSWORD: NATS_PASSWORDS.admin },
        })
      ).stdout;
    }
    const { stdout } = await run('bash', ['-c', command], { cwd: root, env });
    expect(JSON.parse(stdout)).toEqual({ category: 'party', replayed: 1 });
    // Still badly signed, so back in the DLQ: replayed, not lost.
    const count = natsBoxCommand(/stream info EVENTS_DLQ --json/);
    await eventually(async () => expect((await natsBox(count)).trim()).toBe('1'), { timeoutMs: 30_000 });
  });

  it('backfills the session summaries with the documented command, in the ingestor service environment', async () => {
    const line = documentedCommands().find((command) => command.includes('sessions-backfill.main.js'));
    const [, command] = /^docker compose run --rm ingestor (.*)$/.exec(line ?? '') ?? [];
    expect(command).toBeDefined();
    // The stored event (the ingestor summarised it already; the backfill merges it again).
    await eventually(
      async () => {
        const { stdout } = await run('bash', ['-c', command], { cwd: root, env: ingestorEnv() });
        expect(JSON.parse(stdout)).toEqual({ events: 1, upserts: 1 });
      },
      { timeoutMs: 30_000 },
    );
  });

  it('keeps a retention limit set with the CLI across an ingestor restart', async () => {
    await natsBox(natsBoxCommand(/stream edit EVENTS_DLQ --max-age/));
    await ingestor.stop();
    ingestor = new AppProcess('ingestor', ingestorEnv());
    await ingestor.waitUntilOk(`${healthUrl}/health/ready`);
    const nc: NatsConnection = await connect({
      servers: nats.url,
      user: 'admin',
      pass: NATS_PASSWORDS.admin,
    });
    try {
      const info = await (await jetstreamManager(nc)).streams.info('EVENTS_DLQ');
      expect(info.config.max_age).toBe(90 * 24 * 3600 * 1_000_000_000);
    } finally {
      await nc.close();
    }
  });

  it('backs the streams up and restores them into a server without them', async () => {
    for (const command of [
      natsBoxCommand(/stream backup EVENTS events$/),
      natsBoxCommand(/stream backup EVENTS_DLQ/),
    ])
      await natsBox(command);
    const fresh = await ShippedNats.start();
    try {
      for (const command of [
        natsBoxCommand(/stream restore events$/),
        natsBoxCommand(/stream restore events-dlq/),
      ])
        await natsBox(command, fresh.url);
      const counts = async (url: string) => {
        const nc = await connect({ servers: url, user: 'admin', pass: NATS_PASSWORDS.admin });
        const jsm = await jetstreamManager(nc);
        const result = [
          (await jsm.streams.info('EVENTS')).state.messages,
          (await jsm.streams.info('EVENTS_DLQ')).state.messages,
        ];
        await nc.close();
        return result;
      };
      const original = await counts(nats.url);
      // EVENTS keeps only what is not yet ingested (interest retention); the dead letters remain.
      expect(original[1]).toBeGreaterThanOrEqual(1);
      expect(await counts(fresh.url)).toEqual(original);
    } finally {
      await fresh.dispose();
    }
  });
});
