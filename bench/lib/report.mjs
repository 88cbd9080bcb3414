import { median, round, summarize } from './stats.mjs';

/**
 * Turns per-run measurements into table rows: median / min / max of the eventline figure and of
 * its ceiling, and the median of the per-run ratios (each run pairs the two on the same minute of
 * this noisy shared machine, so the ratio is steadier than either figure alone).
 */
export function row(
  scenario,
  metric,
  unit,
  runs,
  pick,
  { ceilingPick = pick, higherIsBetter = true, target, meets } = {},
) {
  const e = runs.map((r) => (r.eventline ? pick(r.eventline) : NaN));
  const c = runs.map((r) => (r.ceiling ? ceilingPick(r.ceiling) : NaN));
  const ratios = runs.map((_, i) =>
    Number.isFinite(e[i]) && Number.isFinite(c[i]) && c[i] !== 0 ? e[i] / c[i] : NaN,
  );
  const eventline = summarize(e);
  const ratio = median(ratios);
  return {
    scenario,
    metric,
    unit,
    eventline,
    ceiling: summarize(c),
    ratio,
    higherIsBetter,
    target: target ?? null,
    // Judged on the medians; null when the row has no target or no eventline figure.
    met: meets && eventline.median !== null ? meets(eventline.median, ratio) : null,
  };
}

function fmt(value, unit) {
  if (value === null || value === undefined) return '—';
  if (unit === 'ms' || unit === 'µs' || unit === 'MB') return round(value, value < 10 ? 2 : 1).toString();
  return Math.round(value).toLocaleString('en-US');
}

function cell(s, unit) {
  if (!s || s.median === null) return '—';
  if (s.min === s.max) return fmt(s.median, unit);
  return `${fmt(s.median, unit)} (${fmt(s.min, unit)}–${fmt(s.max, unit)})`;
}

export function renderTable(rows) {
  const header = [
    'scenario',
    'metric',
    'eventline median (min–max)',
    'raw ceiling median (min–max)',
    'ratio',
    'target',
    'met',
  ];
  const body = rows.map((r) => [
    r.scenario,
    `${r.metric} [${r.unit}]`,
    cell(r.eventline, r.unit),
    cell(r.ceiling, r.unit),
    r.ratio === null ? '—' : `${round(r.ratio, 2)}${r.higherIsBetter ? '' : '×'}`,
    r.target ?? '',
    r.met === null || r.met === undefined ? '' : r.met ? 'yes' : 'no',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => String(b[i]).length)));
  const line = (cols) => `| ${cols.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

/** "Cores busy" per process during each measured interval (CPU seconds per wall second). */
export function renderCpu(cpuRows) {
  const names = [...new Set(cpuRows.flatMap((r) => Object.keys(r.cpu)))];
  const header = ['measured interval', ...names];
  const body = cpuRows.map((r) => [
    r.label,
    ...names.map((n) => (r.cpu[n] === undefined ? '' : round(r.cpu[n], 2))),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => String(b[i]).length)));
  const line = (cols) => `| ${cols.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

/** Median over runs of each process's CPU, for one side (eventline or ceiling) of a scenario. */
export function medianCpu(runs, side) {
  const names = [...new Set(runs.flatMap((r) => (r[side]?.cpu ? Object.keys(r[side].cpu) : [])))];
  return Object.fromEntries(names.map((n) => [n, median(runs.map((r) => r[side]?.cpu?.[n] ?? NaN))]));
}
