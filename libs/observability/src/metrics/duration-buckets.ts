/**
 * The buckets of every eventline duration histogram, in seconds: 1 ms to 5 s, so that the apps'
 * durations (a publish, a batch write, a query) read on one scale in a dashboard.
 */
export const DURATION_SECONDS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
