import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

/** Configuration that failed validation; its message names every bad variable. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

/**
 * Builds an app's configuration class from environment variables (property name = variable
 * name) and validates it, so a bad value stops the process at start with the variable named.
 * Strings become numbers where the class says so (`enableImplicitConversion`: annotate each
 * property's type explicitly, `PORT: number = 3000`, as transpilers emit no inferred types); booleans need an
 * explicit `@Transform`, because `Boolean("false")` is true.
 */
export function loadConfig<T extends object>(
  configClass: new () => T,
  env: Record<string, string | undefined> = process.env,
): T {
  const config = plainToInstance(configClass, stripEmpty(env), {
    enableImplicitConversion: true,
    exposeDefaultValues: true,
  });
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigValidationError(
      errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ') || 'is invalid'}`),
    );
  }
  return config;
}

// An empty variable (`FOO=`) means "not set", so the default applies.
function stripEmpty(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => !!entry[1]));
}

/**
 * For entry points: `loadConfig`, plus the app's own cross-variable checks, or — on a bad value —
 * the message naming it on stderr and exit status 1: a misconfigured process must not start.
 */
export function loadConfigOrExit<T extends object>(
  configClass: new () => T,
  env: Record<string, string | undefined>,
  processName: string,
  check: (config: T) => void = () => {},
): T {
  try {
    const config = loadConfig(configClass, env);
    check(config);
    return config;
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    console.error(`${processName}: ${error.message}`);
    process.exit(1);
  }
}
