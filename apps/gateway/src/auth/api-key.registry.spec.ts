import { createHash } from 'node:crypto';
import { ApiKeyEntry } from './api-key.entry.js';
import { ApiKeyRegistry } from './api-key.registry.js';

const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');

function entry(app: string, key: string, scopes: ApiKeyEntry['scopes']): ApiKeyEntry {
  return Object.assign(new ApiKeyEntry(), { app, key_sha256: sha256(key), scopes });
}

describe('ApiKeyRegistry', () => {
  const registry = new ApiKeyRegistry([
    entry('shop', 'shop-key', ['ingest']),
    entry('ops', 'ops-key', ['query', 'query:all']),
  ]);

  it('finds the application and scopes a key belongs to from its digest', () => {
    expect(registry.authenticate('shop-key')).toEqual({ app: 'shop', scopes: new Set(['ingest']) });
    expect(registry.authenticate('ops-key')?.app).toBe('ops');
  });

  it('knows no key that is not configured, including a digest presented as the key', () => {
    expect(registry.authenticate('unknown')).toBeUndefined();
    expect(registry.authenticate(sha256('shop-key'))).toBeUndefined();
    expect(registry.authenticate('')).toBeUndefined();
  });
});
