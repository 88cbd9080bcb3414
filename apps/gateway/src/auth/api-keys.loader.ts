import { readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ConfigValidationError } from '@eventline/config';
import { ApiKeyEntry } from './api-key.entry.js';

/**
 * Reads the key entries from API_KEYS or the file API_KEYS_FILE names. A bad entry stops the
 * gateway at start with the variable and entry named, like any other bad configuration value.
 * Called through `GatewayConfig.apiKeys()`, which reads them once.
 */
export function loadApiKeys(config: { API_KEYS?: string; API_KEYS_FILE?: string }): ApiKeyEntry[] {
  if (config.API_KEYS !== undefined && config.API_KEYS_FILE !== undefined) {
    throw new ConfigValidationError(['API_KEYS, API_KEYS_FILE: set one of them, not both']);
  }
  let variable: string;
  let text: string;
  if (config.API_KEYS !== undefined) {
    [variable, text] = ['API_KEYS', config.API_KEYS];
  } else if (config.API_KEYS_FILE !== undefined) {
    variable = 'API_KEYS_FILE';
    try {
      text = readFileSync(config.API_KEYS_FILE, 'utf8');
    } catch (error) {
      throw new ConfigValidationError([
        `API_KEYS_FILE: cannot read ${config.API_KEYS_FILE} (${(error as Error).message})`,
      ]);
    }
  } else {
    throw new ConfigValidationError(['API_KEYS, API_KEYS_FILE: one must be set (no API key is configured)']);
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigValidationError([`${variable}: is not valid JSON`]);
  }
  if (!Array.isArray(parsed)) {
    throw new ConfigValidationError([`${variable}: must be a JSON array of { app, key_sha256, scopes }`]);
  }
  const problems: string[] = [];
  const entries = parsed.map((raw: unknown, index) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      problems.push(`${variable}[${index}]: must be an object`);
      return new ApiKeyEntry();
    }
    const entry = plainToInstance(ApiKeyEntry, raw);
    for (const error of validateSync(entry, { whitelist: true, forbidNonWhitelisted: true })) {
      problems.push(
        `${variable}[${index}].${error.property}: ${Object.values(error.constraints ?? {}).join('; ')}`,
      );
    }
    return entry;
  });
  const digests = new Set<string>();
  entries.forEach((entry, index) => {
    if (digests.has(entry.key_sha256))
      problems.push(`${variable}[${index}].key_sha256: the same key is configured twice`);
    digests.add(entry.key_sha256);
  });
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return entries;
}
