import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** A compose `environment:` value as compose passes it with no variables set (`${X:-d}` → d). */
function composeValue(service: string, variable: string): string {
  const compose = parse(readFileSync(`${root}docker-compose.yml`, 'utf8'), { merge: true }) as {
    services: Record<string, { environment?: Record<string, string> }>;
  };
  const value = compose.services[service].environment?.[variable];
  if (value === undefined) throw new Error(`docker-compose.yml: ${service} has no ${variable}`);
  return String(value).replace(/\$\{\w+:-([^}]*)\}/g, '$1');
}

describe('config/local.env, what npm start runs with', () => {
  const local = parseEnv(readFileSync(`${root}config/local.env`, 'utf8'));

  it("has docker-compose.yml's demo keys and secrets, so the README's examples work with both", () => {
    expect(JSON.parse(local.API_KEYS!)).toEqual(JSON.parse(composeValue('gateway', 'API_KEYS')));
    expect(local.GATEWAY_SIGNING_SECRET).toBe(composeValue('gateway', 'GATEWAY_SIGNING_SECRET'));
    expect(JSON.parse(local.PUBLISHER_SECRETS!)).toEqual(
      JSON.parse(composeValue('ingestor', 'PUBLISHER_SECRETS')),
    );
    expect(local.QUERY_CURSOR_SECRET).toBe(composeValue('query', 'QUERY_CURSOR_SECRET'));
    expect(local.QUERY_SIGNING_SECRET).toBe(composeValue('query', 'QUERY_SIGNING_SECRET'));
    expect(local.QUERY_SIGNING_SECRET).toBe(composeValue('gateway', 'QUERY_SIGNING_SECRET'));
  });

  it('gives the two health listeners different ports and keeps every listener on this machine', () => {
    expect(local.INGESTOR_HEALTH_PORT).not.toBe(local.QUERY_HEALTH_PORT);
    expect(local.HOST).toBe('127.0.0.1');
    expect(local.HEALTH_HOST).toBe('127.0.0.1');
  });
});
