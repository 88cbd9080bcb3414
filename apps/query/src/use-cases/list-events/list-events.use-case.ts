import { Injectable } from '@nestjs/common';
import { EventItem, QueryPage, QueryRequest, validateEventsQuery } from '@eventline/contracts';
import { QueryValidationError } from '../../errors/query-validation.error.js';
import { EventsPageService } from '../events-page.service.js';
import { QueryDeadline } from '../../limits/query-deadline.js';
import { checkScope } from '../query-scope.js';

/** Filtered events (`query.events.list`). */
@Injectable()
export class ListEventsUseCase {
  constructor(private readonly pages: EventsPageService) {}

  async execute(request: QueryRequest): Promise<QueryPage<EventItem>> {
    const scope = checkScope(request?.scope);
    const result = validateEventsQuery(request?.params);
    if (!result.ok) throw new QueryValidationError(result.errors);
    return this.pages.read('events', scope, result.query, QueryDeadline.of(request));
  }
}
