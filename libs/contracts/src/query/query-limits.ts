/** Page size when a request names none, and the most one page may hold (docs/api.md, "Queries"). */
export const QUERY_DEFAULT_LIMIT = 100;
export const QUERY_MAX_LIMIT = 1000;

/** A cursor is a few dozen bytes; anything far longer is refused before it is even decoded. */
export const QUERY_CURSOR_MAX_LENGTH = 512;

/** Cursors are `<base64url payload>.<base64url signature>`. */
export const QUERY_CURSOR_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export const QUERY_ORDERS = ['asc', 'desc'] as const;
export type QueryOrder = (typeof QUERY_ORDERS)[number];
