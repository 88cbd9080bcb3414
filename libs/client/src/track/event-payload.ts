import type { CategoryDataMap, CategoryName } from '@eventline/contracts';

/** A registered category slug, e.g. `'party'` or `'page_view'`. */
export type Category = CategoryName;

/** The `data` a category accepts; a wrong shape is a compile error. */
export type CategoryData<C extends Category> = CategoryDataMap[C];

/** One event as it is posted to `POST /v1/events` (and kept for reporting). */
export interface EventPayload<C extends Category = Category> {
  event_id: string;
  session_id: string;
  category: C;
  /** The application name the API key belongs to. */
  name: string;
  data: CategoryData<C>;
  /** `YYYY-MM-DD HH:MM:SS.ffffff` (UTC), or whatever the caller passed as a string. */
  timestamp: string;
}
