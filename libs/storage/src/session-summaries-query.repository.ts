import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import {
  RECENT_SESSIONS_SORT,
  RecentSessionsFilter,
  recentSessionsFilterQuery,
  recentSessionsIndexFor,
  SessionPosition,
} from './recent-sessions.filter.js';
import { SessionSummary } from './session-summary.schema.js';
import { translateStorageError } from './storage-unavailable.error.js';

/** A session's summary as the list reads it. */
export type SessionSummaryRow = Pick<
  SessionSummary,
  '_id' | 'application' | 'session_id' | 'first_us' | 'last_us' | 'categories'
>;

/** Read side of the `sessions` collection, hinted to the index serving each query. */
@Injectable()
export class SessionSummariesQueryRepository {
  constructor(@InjectModel(SessionSummary.name) private readonly sessions: Model<SessionSummary>) {}

  /**
   * One page of sessions, newest last activity first, after `after`, at most `limit`; the
   * database stops after `maxTimeMs` ({@link StorageTimeoutError}).
   */
  async findRecent(
    filter: RecentSessionsFilter,
    limit: number,
    maxTimeMs: number,
    after?: SessionPosition,
  ): Promise<SessionSummaryRow[]> {
    try {
      return await this.sessions
        .find(recentSessionsFilterQuery(filter, after))
        .sort(RECENT_SESSIONS_SORT)
        .hint(recentSessionsIndexFor(filter))
        .maxTimeMS(maxTimeMs)
        .limit(limit)
        .lean<SessionSummaryRow[]>()
        .exec();
    } catch (error) {
      throw translateStorageError(error);
    }
  }
}
