import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const root = fileURLToPath(new URL('../../../../', import.meta.url));

interface ComposeService {
  environment?: Record<string, string | number>;
  stop_grace_period?: string;
  init?: boolean;
  ports?: string[];
  profiles?: string[];
  image?: string;
  working_dir?: string;
}

/** docker-compose.yml's services, YAML merge keys (`<<: *app`) applied. */
export function composeServices(): Record<string, ComposeService> {
  const compose = parse(readFileSync(`${root}docker-compose.yml`, 'utf8'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  return compose.services;
}

/** A value as compose interpolates it with no variables set: `${NAME:-default}` becomes the default. */
export function interpolate(value: string): string {
  return value.replace(/\$\$|\$\{(\w+)(?::?-([^}]*))?\}/g, (token, _name: string, fallback?: string) =>
    token === '$$' ? '$' : (fallback ?? ''),
  );
}

/** The `environment:` of a compose service as compose would pass it with no variables set. */
export function composeEnvironment(service: string): Record<string, string> {
  const environment = composeServices()[service].environment ?? {};
  return Object.fromEntries(
    Object.entries(environment).map(([key, value]) => [key, interpolate(String(value))]),
  );
}

/** The README's curl example of POST /v1/events: its headers and its body, as documented. */
export function readmeExample(): { headers: Record<string, string>; body: string } {
  const readme = readFileSync(`${root}README.md`, 'utf8');
  const block = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)]
    .map((m) => m[1].replace(/\\\n/g, ' '))
    .find((text) => /curl .*\/v1\/events/.test(text) && text.includes(' -d '));
  if (!block) throw new Error('README.md has no curl example posting to /v1/events');
  const headers = Object.fromEntries(
    [...block.matchAll(/-H '([^:']+):\s*([^']*)'/g)].map((m) => [m[1].toLowerCase(), m[2]]),
  );
  const body = /-d '([^']*)'/.exec(block)?.[1];
  if (!body) throw new Error('the README example has no -d body');
  return { headers, body };
}

/** A compose environment without the NATS user and password: for this machine's NATS, which has no users. */
export function withoutNatsCredentials({
  NATS_USER: _user,
  NATS_PASS: _pass,
  ...env
}: Record<string, string>): Record<string, string> {
  return env;
}
