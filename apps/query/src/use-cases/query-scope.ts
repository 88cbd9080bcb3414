import { ErrorCode, QueryScope } from '@eventline/contracts';
import { QueryValidationError } from '../errors/query-validation.error.js';

/** The request's scope, checked: the gateway sets it, but the service trusts no message. */
export function checkScope(scope: unknown): QueryScope {
  const candidate = (typeof scope === 'object' && scope !== null ? scope : {}) as Record<string, unknown>;
  if (typeof candidate.app !== 'string' || candidate.app.length === 0 || typeof candidate.all !== 'boolean') {
    throw new QueryValidationError([
      {
        field: 'scope',
        code: ErrorCode.InvalidParameter,
        message: 'scope must be { app: string, all: boolean }',
      },
    ]);
  }
  return { app: candidate.app, all: candidate.all };
}

/** Nothing is visible: the caller asked for another application's events. */
export const NO_VISIBLE_APP = Symbol('no visible app');

/**
 * The `name` filter a query runs with: the caller's own app unless its key reads every app. A
 * scoped caller naming another app sees nothing, exactly as if that app had no events.
 */
export function scopedName(
  scope: QueryScope,
  requested: string | undefined,
): string | undefined | typeof NO_VISIBLE_APP {
  if (scope.all) return requested;
  if (requested !== undefined && requested !== scope.app) return NO_VISIBLE_APP;
  return scope.app;
}
