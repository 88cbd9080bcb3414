import { ErrorCode, QueryErrorKind } from '@eventline/contracts';
import { QueryError } from './query.error.js';

/**
 * No events of this session in the caller's scope. Deliberately the same for a session that
 * does not exist and one of another application, so a key cannot probe other apps' sessions.
 */
export class SessionNotFoundError extends QueryError {
  readonly kind = QueryErrorKind.NotFound;

  constructor(sessionId: string) {
    super(ErrorCode.NotFound, `session ${sessionId} not found`);
  }
}
