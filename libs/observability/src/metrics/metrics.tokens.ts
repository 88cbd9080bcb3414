/** The process's one prom-client Registry: every metric of the app registers here. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
