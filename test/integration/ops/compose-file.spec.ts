import { readFileSync } from 'node:fs';
import { composeServices, interpolate, root } from './support/compose-file.js';

const APPS = ['gateway', 'ingestor', 'query'] as const;

/** An app's own shutdown limit (main.ts's SHUTDOWN_TIMEOUT_MS), in ms. */
function shutdownLimitMs(app: string): number {
  const main = readFileSync(`${root}apps/${app}/src/main.ts`, 'utf8');
  const limit = /SHUTDOWN_TIMEOUT_MS = ([\d_]+)/.exec(main)?.[1];
  if (!limit) throw new Error(`apps/${app}/src/main.ts has no SHUTDOWN_TIMEOUT_MS`);
  return Number(limit.replace(/_/g, ''));
}

/** A compose duration (`15s`, `1m30s`) in ms. */
function durationMs(value: string): number {
  const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
  return [...value.matchAll(/(\d+)(ms|s|m|h)/g)].reduce(
    (total, [, n, unit]) => total + Number(n) * units[unit],
    0,
  );
}

describe('docker-compose.yml', () => {
  const services = composeServices();

  it.each(APPS)('gives %s an init process and a grace period above its own shutdown limit', (app) => {
    expect(services[app].init).toBe(true);
    expect(durationMs(services[app].stop_grace_period ?? '10s')).toBeGreaterThan(shutdownLimitMs(app));
  });

  it('publishes the gateway on 127.0.0.1 unless GATEWAY_BIND says otherwise', () => {
    expect(services.gateway.ports?.map(interpolate)).toEqual(['127.0.0.1:3000:3000']);
    expect(services.gateway.ports?.[0]).toContain('${GATEWAY_BIND:-127.0.0.1}');
  });

  it('hands nats-server every password deploy/nats/nats.conf reads, quoted for its parser', () => {
    const conf = readFileSync(`${root}deploy/nats/nats.conf`, 'utf8');
    const variables = [...conf.matchAll(/password: \$(\w+)/g)].map((m) => m[1]);
    expect(variables.length).toBeGreaterThanOrEqual(5);
    const environment = services.nats.environment ?? {};
    for (const variable of variables)
      expect(interpolate(String(environment[variable]))).toMatch(/^"[^"\\]+"$/);
  });

  it('lets no NATS user read every inbox', () => {
    const conf = readFileSync(`${root}deploy/nats/nats.conf`, 'utf8');
    expect(conf).not.toMatch(/"_INBOX\.>"/);
    expect(conf).not.toMatch(/"\$JS\.API\.>"/);
  });

  it('pins every image to an exact release', () => {
    for (const [name, service] of Object.entries(services).filter(([, s]) => s.image))
      expect([name, service.image]).toEqual([
        name,
        expect.stringMatching(/:\d+\.\d+\.\d+[\w.-]*(@sha256:[0-9a-f]{64})?$/),
      ]);
  });
});
