import { Inject, Injectable } from '@nestjs/common';
import { QueryPage, QueryRequest, SessionItem, validateSessionsQuery } from '@eventline/contracts';
import { EventsFilter, EventsQueryRepository } from '@eventline/storage';
import { invalidCursor, QueryCursorCodec } from '../../cursor/query-cursor.codec.js';
import { QueryValidationError } from '../../errors/query-validation.error.js';
import { QueryDeadline } from '../../limits/query-deadline.js';
import { itemsFitting } from '../../pages/page-fit.js';
import { ReplyBudget } from '../../pages/reply-budget.js';
import { foldSessionGroups, SessionKey } from '../../sessions/session-groups.fold.js';
import { definedOnly } from '../defined-only.js';
import { checkScope, NO_VISIBLE_APP, scopedName } from '../query-scope.js';
import { RecentSessionsService } from './recent-sessions.service.js';

/**
 * The sessions list (`query.sessions.list`). In `recent` order, whole sessions newest first from
 * their summaries ({@link RecentSessionsService}). In `session_id` order (the default), events
 * grouped by session: grouping is folded here over an index-ordered scan rather than run as a
 * `$group` pipeline, as FerretDB v1's `$group` has no `$min`/`$max`/`$addToSet` and one code path
 * runs on both servers (docs/queries.md).
 */
@Injectable()
export class ListSessionsUseCase {
  constructor(
    @Inject(EventsQueryRepository)
    private readonly repository: Pick<EventsQueryRepository, 'scanSessionEvents'>,
    private readonly cursors: QueryCursorCodec,
    private readonly budget: ReplyBudget,
    @Inject(RecentSessionsService) private readonly recent: Pick<RecentSessionsService, 'read'>,
  ) {}

  async execute(request: QueryRequest): Promise<QueryPage<SessionItem>> {
    const deadline = QueryDeadline.of(request);
    const scope = checkScope(request?.scope);
    const result = validateSessionsQuery(request?.params);
    if (!result.ok) throw new QueryValidationError(result.errors);
    const query = result.query;
    const name = scopedName(scope, query.name);
    if (name === NO_VISIBLE_APP) return { items: [], next_cursor: null };
    const scopeBinding = scope.all ? '*' : scope.app;
    if (query.order === 'recent') return this.recent.read(scopeBinding, name, query, deadline);

    const filter = definedOnly<Omit<EventsFilter, 'session_id'>>({
      name,
      category: query.category,
      start_us: query.start_us,
      end_us: query.end_us,
    });
    const binding = { kind: 'sessions', scope: scopeBinding, filter };
    const after =
      query.cursor === undefined ? undefined : toSessionKey(this.cursors.decode(query.cursor, binding));

    const folded = await foldSessionGroups(
      deadline.bound(this.repository.scanSessionEvents(filter, deadline.remainingMs(), after?.session_id)),
      query.limit,
      after,
    );
    // Bounded by bytes as well: a page ends early, with a cursor, rather than outgrow a NATS reply.
    const size = itemsFitting(folded.items, this.budget.bytes());
    const items = folded.items.slice(0, size);
    const more = folded.more || size < folded.items.length;
    const last = items.at(-1);
    return {
      items,
      next_cursor: more && last ? this.cursors.encode(binding, [last.session_id, last.name]) : null,
    };
  }
}

function toSessionKey(position: unknown[]): SessionKey {
  const [session_id, name] = position;
  if (typeof session_id !== 'string' || typeof name !== 'string' || position.length !== 2) {
    throw invalidCursor('cursor is malformed');
  }
  return { session_id, name };
}
