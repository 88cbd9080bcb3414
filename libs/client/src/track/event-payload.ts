import type { CategoryDataMap, CategoryName, PublishedEvent } from '@eventline/contracts';

/** A registered category slug, e.g. `'party'` or `'page_view'`. */
export type Category = CategoryName;

/** The `data` a category accepts; a wrong shape is a compile error. */
export type CategoryData<C extends Category> = CategoryDataMap[C];

/**
 * One event as it is posted to `POST /v1/events` or published on NATS (and kept for reporting):
 * `timestamp` is `YYYY-MM-DD HH:MM:SS.ffffff` (UTC), or whatever the caller passed as a string;
 * `name` is the application name the API key belongs to.
 */
export interface EventPayload<C extends Category = Category> extends PublishedEvent<CategoryData<C>> {
  category: C;
}
