import { isCategoryName } from '@eventline/contracts';

/**
 * The `category` label of a metric. Only registered categories become label values: a client
 * posting random category names must not create unbounded time series in Prometheus.
 */
export function categoryLabel(category: unknown): string {
  return typeof category === 'string' && isCategoryName(category) ? category : 'unknown';
}
