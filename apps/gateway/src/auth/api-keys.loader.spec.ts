import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigValidationError, loadConfig } from '@eventline/config';
import { GatewayConfig } from '../config/gateway.config.js';
import { loadApiKeys } from './api-keys.loader.js';

const DIGEST = 'a'.repeat(64);
const entries = [{ app: 'shop', key_sha256: DIGEST, scopes: ['ingest'] }];

describe('loadApiKeys', () => {
  it('reads entries from API_KEYS', () => {
    expect(loadApiKeys({ API_KEYS: JSON.stringify(entries) })).toEqual([expect.objectContaining(entries[0])]);
  });

  it('reads entries from the file API_KEYS_FILE names', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'eventline-keys-')), 'keys.json');
    writeFileSync(file, JSON.stringify(entries));
    expect(loadApiKeys({ API_KEYS_FILE: file })).toEqual([expect.objectContaining(entries[0])]);
  });

  it('names the variable and entry of a bad value', () => {
    const load = (API_KEYS: string) => () => loadApiKeys({ API_KEYS });
    expect(load('not json')).toThrow(/API_KEYS: is not valid JSON/);
    expect(load('{}')).toThrow(/API_KEYS: must be a JSON array/);
    expect(load(JSON.stringify([{ ...entries[0], key_sha256: 'plain-key' }]))).toThrow(
      /API_KEYS\[0\]\.key_sha256/,
    );
    expect(load(JSON.stringify([{ ...entries[0], scopes: ['admin'] }]))).toThrow(/API_KEYS\[0\]\.scopes/);
    expect(load(JSON.stringify([{ ...entries[0], key: 'x' }]))).toThrow(/API_KEYS\[0\]\.key/);
    expect(load(JSON.stringify([entries[0], { ...entries[0], app: 'other' }]))).toThrow(/configured twice/);
  });

  it('needs exactly one of API_KEYS and API_KEYS_FILE', () => {
    expect(() => loadApiKeys({})).toThrow(ConfigValidationError);
    expect(() => loadApiKeys({ API_KEYS: '[]', API_KEYS_FILE: '/nope' })).toThrow(/not both/);
    expect(() => loadApiKeys({ API_KEYS_FILE: '/does/not/exist.json' })).toThrow(
      /API_KEYS_FILE: cannot read/,
    );
  });
});

describe('GatewayConfig.apiKeys', () => {
  it('reads the entries once: start-up checks them and the app uses the same ones', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'eventline-keys-')), 'keys.json');
    writeFileSync(file, JSON.stringify(entries));
    const config = loadConfig(GatewayConfig, {
      API_KEYS_FILE: file,
      GATEWAY_SIGNING_SECRET: 'x'.repeat(16),
      QUERY_SIGNING_SECRET: 'y'.repeat(16),
    });
    const first = config.apiKeys();
    rmSync(file);
    expect(config.apiKeys()).toBe(first);
    expect(first).toEqual([expect.objectContaining(entries[0])]);
  });
});
