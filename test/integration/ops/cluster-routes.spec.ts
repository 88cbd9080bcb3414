import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../../support/eventually.js';
import { freePort } from '../../support/free-port.js';
import { root } from './support/compose-file.js';

interface Node {
  name: string;
  httpPort: number;
  routePort: number;
  child?: ChildProcess;
}

/** The remote server names of a node's routes (its monitoring endpoint, /routez). */
async function routedTo(node: Node): Promise<string[]> {
  const routez = (await (await fetch(`http://127.0.0.1:${node.httpPort}/routez`)).json()) as {
    routes?: { remote_name: string }[];
  };
  return [...new Set((routez.routes ?? []).map((route) => route.remote_name))].sort();
}

describe('deploy/cluster/nats-cluster.conf', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eventline-cluster-'));
  const nodes: Node[] = [];

  afterAll(async () => {
    await Promise.all(
      nodes.map(
        (node) =>
          new Promise((resolve) => {
            if (!node.child || node.child.exitCode !== null) return resolve(undefined);
            node.child.once('exit', resolve);
            node.child.kill('SIGTERM');
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  });

  it('routes only between servers that present the route password', async () => {
    const bin = process.env.NATS_SERVER_BIN;
    if (!bin) throw new Error('NATS_SERVER_BIN is not set: run the tests through npm test');
    for (const name of ['n1', 'n2', 'n3'])
      nodes.push({ name, httpPort: await freePort(), routePort: await freePort() });
    const shipped = readFileSync(`${root}deploy/cluster/nats-cluster.conf`, 'utf8');
    const routes = (password: string) =>
      `[${nodes.map((n) => `nats-route://route:${encodeURIComponent(password)}@127.0.0.1:${n.routePort}`).join(', ')}]`;
    for (const [index, node] of nodes.entries()) {
      // Only the names, ports and paths are this test's; the third node knows a wrong password.
      const conf = shipped
        .replace(/^server_name: nats-1$/m, `server_name: ${node.name}`)
        .replace(/^port: 4222$/m, `port: ${await freePort()}`)
        .replace(/^http_port: 8222$/m, `http_port: ${node.httpPort}`)
        .replace(/store_dir: \/data$/m, `store_dir: ${join(dir, node.name)}`)
        .replace(/listen: 0\.0\.0\.0:6222$/m, `listen: 127.0.0.1:${node.routePort}`);
      writeFileSync(join(dir, `${node.name}.conf`), conf);
      const password = index < 2 ? 'route password, not {guessable}' : 'a wrong one';
      node.child = spawn(bin, ['-a', '127.0.0.1', '-c', join(dir, `${node.name}.conf`)], {
        env: {
          PATH: process.env.PATH ?? '',
          NATS_ROUTE_PASSWORD: `"${password}"`,
          NATS_ROUTES: routes(password),
        },
        stdio: 'ignore',
      });
    }

    // All three up (their monitoring answers), then the two that know the password routed.
    await eventually(async () => Promise.all(nodes.map(routedTo)), { timeoutMs: 20_000, intervalMs: 250 });
    await eventually(
      async () => {
        expect(await routedTo(nodes[0])).toEqual(['n2']);
        expect(await routedTo(nodes[1])).toEqual(['n1']);
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    // n3 has kept trying all along (routes are retried every second): nobody let it in.
    expect(await routedTo(nodes[2])).toEqual([]);
  });
});
