/** pino's levels, which LOG_LEVEL names. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

// NestJS's own names for two of them, accepted so that either vocabulary works in LOG_LEVEL.
const NEST_ALIASES: Record<string, LogLevel> = { log: 'info', verbose: 'trace' };

/** Every value LOG_LEVEL accepts: for `@IsIn(LOG_LEVEL_VALUES)` in the apps' config classes. */
export const LOG_LEVEL_VALUES: readonly string[] = [...LOG_LEVELS, ...Object.keys(NEST_ALIASES)];

/** The pino level a LOG_LEVEL value means. */
export function toLogLevel(value: string): LogLevel {
  if (value in NEST_ALIASES) return NEST_ALIASES[value];
  if ((LOG_LEVELS as readonly string[]).includes(value)) return value as LogLevel;
  throw new Error(`unknown log level "${value}"`);
}
