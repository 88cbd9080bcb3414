import { INGEST_LIMITS } from '@eventline/contracts/event/ingest-limits.js';

/**
 * The gateway's default limits for `POST /v1/events` (docs/api.md). A batch the client sends never
 * exceeds them, whatever the options say: the options can only make batches smaller.
 */
export const SERVER_LIMITS = INGEST_LIMITS;

/**
 * Browsers refuse a `keepalive` request once the page's keepalive requests in flight exceed
 * 64 KiB in total (Fetch standard); a page-hide flush stays under it with some headroom.
 */
export const KEEPALIVE_BUDGET_BYTES = 60 * 1024;

export interface BatchLimits {
  maxEvents: number;
  maxBytes: number;
}

/** Clamps the configured batch size to what the server accepts. */
export function batchLimits(maxEvents: number, maxBytes: number): BatchLimits {
  return {
    maxEvents: clamp(Math.floor(maxEvents), 1, SERVER_LIMITS.maxEventsPerRequest),
    maxBytes: clamp(Math.floor(maxBytes), 2 + SERVER_LIMITS.maxEventBytes, SERVER_LIMITS.maxBodyBytes),
  };
}

function clamp(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return max;
  return Math.min(max, Math.max(min, value));
}
