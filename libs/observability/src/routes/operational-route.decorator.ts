import { SetMetadata } from '@nestjs/common';

export const OPERATIONAL_ROUTE = 'eventline:operational-route';

/**
 * Marks a controller or route as the platform's (health probes, metrics scrapes), not the app's
 * API: an app's per-caller policies, such as a rate limit, leave it alone.
 */
export const OperationalRoute = () => SetMetadata(OPERATIONAL_ROUTE, true);
