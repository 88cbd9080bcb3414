import { ModuleRef } from '@nestjs/core';

/**
 * Finds a probe provider anywhere in the app (like terminus finds the mongoose connection), so an
 * app provides its probes in its own module, next to the connection they use, and HealthModule
 * needs no import of it.
 */
export function resolveProbe<T>(moduleRef: ModuleRef, token: symbol): T {
  return moduleRef.get<T>(token, { strict: false });
}
