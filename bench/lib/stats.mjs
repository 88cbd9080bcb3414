/** Small statistics helpers: the table shows median / min / max of runs, latencies as percentiles. */

export function median(values) {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

export function summarize(values) {
  const xs = values.filter((v) => Number.isFinite(v));
  if (xs.length === 0) return { median: null, min: null, max: null, runs: values };
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: values };
}

/** Nearest-rank percentile of raw samples (the lag probe and the bare-driver loops keep every sample). */
export function percentile(samples, p) {
  if (samples.length === 0) return null;
  const xs = [...samples].sort((a, b) => a - b);
  const rank = Math.min(xs.length - 1, Math.max(0, Math.ceil((p / 100) * xs.length) - 1));
  return xs[rank];
}

export function round(value, digits = 2) {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
