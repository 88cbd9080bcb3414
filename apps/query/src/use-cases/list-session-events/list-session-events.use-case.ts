import { Injectable } from '@nestjs/common';
import { EventItem, QueryPage, QueryRequest, validateSessionEventsQuery } from '@eventline/contracts';
import { QueryValidationError } from '../../errors/query-validation.error.js';
import { SessionNotFoundError } from '../../errors/session-not-found.error.js';
import { EventsPageService } from '../events-page.service.js';
import { QueryDeadline } from '../../limits/query-deadline.js';
import { checkScope } from '../query-scope.js';

/** One session's timeline (`query.sessions.events`); not found when the caller sees none of it. */
@Injectable()
export class ListSessionEventsUseCase {
  constructor(private readonly pages: EventsPageService) {}

  async execute(request: QueryRequest): Promise<QueryPage<EventItem>> {
    const scope = checkScope(request?.scope);
    const result = validateSessionEventsQuery(request?.session_id, request?.params);
    if (!result.ok) throw new QueryValidationError(result.errors);
    const page = await this.pages.read('session', scope, result.query, QueryDeadline.of(request));
    // Only the first page can tell: a later page of an existing session may be empty.
    if (page.items.length === 0 && result.query.cursor === undefined) {
      throw new SessionNotFoundError(result.query.session_id!);
    }
    return page;
  }
}
