import type { EventItem, QueryScope, ValidLiveEventsQuery } from '@eventline/contracts';

/**
 * Whether a live event may be shown to a caller with this scope and filters: the rule the query
 * service applies to stored events (an application sees only its own unless `query:all`).
 */
export function liveEventMatches(
  event: EventItem,
  scope: QueryScope,
  filters: ValidLiveEventsQuery,
): boolean {
  return (
    (scope.all || event.name === scope.app) &&
    (filters.name === undefined || event.name === filters.name) &&
    (filters.category === undefined || event.category === filters.category) &&
    (filters.session_id === undefined || event.session_id === filters.session_id)
  );
}
