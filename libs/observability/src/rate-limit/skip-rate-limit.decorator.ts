import { SetMetadata } from '@nestjs/common';

export const SKIP_RATE_LIMIT = 'eventline:skip-rate-limit';

/** Exempts a controller or route from the per-key rate limit (health probes, metrics scrapes). */
export const SkipRateLimit = () => SetMetadata(SKIP_RATE_LIMIT, true);
