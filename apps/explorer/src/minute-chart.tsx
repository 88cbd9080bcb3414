import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { CATEGORY_COLORS, OTHER_COLOR } from './category-colors.js';
import type { PerMinute } from './per-minute.js';

/** Events per minute per category, as lines (uPlot draws on a canvas; the summary is for screen readers). */
export function MinuteChart({ data }: { data: PerMinute }) {
  const container = useRef<HTMLDivElement>(null);
  const categories = [...data.counts.keys()].sort();
  const totals = categories.map((c) => `${c} ${data.counts.get(c)!.reduce((a, b) => a + b, 0)}`);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const plot = new uPlot(
      {
        width: Math.max(element.clientWidth, 280),
        height: 180,
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        series: [
          {},
          ...categories.map((category) => ({
            label: category,
            stroke: CATEGORY_COLORS[category] ?? OTHER_COLOR,
            width: 2,
            points: { show: false },
          })),
        ],
        axes: [{}, { label: 'events / min' }],
      },
      [data.minutes, ...categories.map((c) => data.counts.get(c)!)],
      element,
    );
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(element.clientWidth, 280), height: 180 }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [data]);

  return (
    <figure class="chart">
      <figcaption>Events per minute per category, last hour</figcaption>
      <div
        ref={container}
        role="img"
        aria-label={`Events in the last hour: ${totals.join(', ') || 'none'}`}
      />
    </figure>
  );
}
