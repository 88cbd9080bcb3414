import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The package as a stranger gets it: `npm pack` (which builds it), installed from the tarball
// into an empty project with nothing else of ours, then type-checked, imported, required and
// bundled for a browser there.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const tsup = join(root, 'node_modules/tsup/dist/cli-default.js');
let consumer: string;

const files: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  'browser.ts': `
    import { EventlineClient, type EventResult, type EventItem } from '@eventline/client';
    const client = new EventlineClient({ url: 'https://events.example', apiKey: 'k', app: 'shop' });
    const sessionId = crypto.randomUUID();
    export const sent: Promise<EventResult> = client.track('party', { host: 'www.party.com', path: '/' }, { sessionId, awaitAck: true });
    export const first: Promise<EventItem | undefined> = client.sessions.events(sessionId).then((p) => p.items[0]);
    // @ts-expect-error host must be a string
    void client.track('party', { host: 1 }, { sessionId });
  `,
  'server.cts': `
    import eventline = require('@eventline/client');
    const client = new eventline.EventlineClient({ url: 'https://events.example', apiKey: 'k', app: 'shop' });
    // @ts-expect-error path is required
    void client.track('party', { host: 'h' }, { sessionId: 'x' });
    export = client;
  `,
  'publisher.ts': `
    import { connect } from '@nats-io/transport-node';
    import { EventlinePublisher, type PublishReceipt } from '@eventline/client/nats';
    const nc = await connect({ servers: 'nats://127.0.0.1:4222' });
    const publisher = new EventlinePublisher({ connection: nc, app: 'billing', secret: 's' });
    export const receipt: PublishReceipt = await publisher.publish('click', { element: '#pay' }, { sessionId: 'x' });
    // @ts-expect-error element is required
    await publisher.publish('click', {}, { sessionId: 'x' });
  `,
  'page.js': `
    import { EventlineClient } from '@eventline/client';
    window.eventline = new EventlineClient({ url: location.origin, apiKey: 'k', app: 'shop' });
  `,
  // The client is a dependency of the consumer, which tsup would leave external: bundle it in.
  'tsup.config.json': JSON.stringify({
    entry: { page: 'page.js' },
    outDir: 'out',
    platform: 'browser',
    format: ['esm'],
    noExternal: ['@eventline/client'],
    silent: true,
  }),
  // Libraries' declarations are checked too (skipLibCheck off): they must resolve on their own.
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      module: 'nodenext',
      target: 'ES2022',
      lib: ['ES2022', 'DOM'],
      types: [],
      strict: true,
      noEmit: true,
      skipLibCheck: false,
    },
    files: ['browser.ts', 'server.cts'],
  }),
  'tsconfig.nats.json': JSON.stringify({
    compilerOptions: {
      module: 'nodenext',
      target: 'ES2022',
      lib: ['ES2022'],
      types: ['node'],
      strict: true,
      noEmit: true,
      skipLibCheck: false,
    },
    files: ['publisher.ts'],
  }),
};

function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`, { cause: error });
  }
}

beforeAll(() => {
  consumer = mkdtempSync(join(tmpdir(), 'eventline-consumer-'));
  run('npm', ['pack', '--silent', '--pack-destination', consumer], join(root, 'libs/client'));
  const tarball = readdirSync(consumer).find((f) => f.endsWith('.tgz'))!;
  for (const [name, text] of Object.entries(files)) writeFileSync(join(consumer, name), text);
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', `./${tarball}`], consumer);
  // The NATS entry's peer dependencies, as a backend service would have installed them.
  mkdirSync(join(consumer, 'node_modules/@types'), { recursive: true });
  symlinkSync(join(root, 'node_modules/@nats-io'), join(consumer, 'node_modules/@nats-io'));
  symlinkSync(join(root, 'node_modules/@types/node'), join(consumer, 'node_modules/@types/node'));
}, 180_000);

afterAll(() => rmSync(consumer, { recursive: true, force: true }));

describe('the packed @eventline/client', () => {
  it('ships only its builds, declarations and README, and depends on nothing at run time', () => {
    const installed = join(consumer, 'node_modules/@eventline/client');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(readdirSync(installed).sort()).toEqual(['README.md', 'dist', 'package.json']);
  });

  it('type-checks ESM and CommonJS consumers from its own declarations, and still refuses wrong data', () => {
    // The consumers' @ts-expect-error lines fail the check if the types were lost or loosened.
    run(process.execPath, [tsc, '-p', 'tsconfig.json'], consumer);
    run(process.execPath, [tsc, '-p', 'tsconfig.nats.json'], consumer);
  }, 120_000);

  it('imports and requires both entry points', () => {
    const esm = run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const a = await import('@eventline/client'); const b = await import('@eventline/client/nats'); console.log(typeof a.EventlineClient, typeof b.EventlinePublisher)",
      ],
      consumer,
    );
    const cjs = run(
      process.execPath,
      [
        '-e',
        "console.log(typeof require('@eventline/client').EventlineClient, typeof require('@eventline/client/nats').EventlinePublisher)",
      ],
      consumer,
    );
    expect(esm.trim()).toBe('function function');
    expect(cjs.trim()).toBe('function function');
  });

  it('bundles for a browser without any Node built-in', () => {
    // tsup's CLI in a process of its own: loaded into Jest, its unparsable inline source map made
    // Jest print a warning on every run.
    run(process.execPath, [tsup, '--config', 'tsup.config.json'], consumer);
    const bundle = readFileSync(join(consumer, 'out/page.js'), 'utf8');
    expect(bundle).toContain('/v1/events');
    expect(bundle).not.toMatch(/\bnode:|require\(/);
  }, 60_000);
});
