import { perMinute } from './per-minute.js';
import { formatRoute, parseRoute } from './route.js';
import { apiTimeMicros, formatGap, localInputToApi } from './time.js';

describe('explorer routes', () => {
  it('reads a session deep link and a filtered view back from the hash', () => {
    expect(parseRoute('#/session/E2085BE5-9137-4E4E-80B5-F1FFDDC25423')).toEqual({
      view: 'session',
      sessionId: 'E2085BE5-9137-4E4E-80B5-F1FFDDC25423',
      params: {},
    });
    const route = {
      view: 'events' as const,
      params: { category: 'click', start: '2021-09-26T09:00:00.000Z' },
    };
    expect(parseRoute(formatRoute(route))).toEqual(route);
    expect(parseRoute('#/nonsense')).toEqual({ view: 'sessions', params: {} });
  });
});

describe('explorer times', () => {
  it('keeps microseconds in gaps', () => {
    const gap = apiTimeMicros('2021-09-26 09:15:28.000001') - apiTimeMicros('2021-09-26 09:15:27.999999');
    expect(gap).toBe(2);
    expect(formatGap(2)).toBe('+0.002 ms');
    expect(formatGap(1_250_000)).toBe('+1.250 s');
    expect(formatGap(3 * 60_000_000 + 2_000_000)).toBe('+3 min 2 s');
  });

  it('sends a local datetime input as UTC', () => {
    expect(localInputToApi('')).toBe('');
    expect(localInputToApi('2021-09-26T09:15:27')).toBe(new Date('2021-09-26T09:15:27').toISOString());
  });
});

describe('events per minute', () => {
  it('counts the last hour per category and minute, leaving older events out', () => {
    const now = Date.parse('2021-09-26T10:00:30Z');
    const chart = perMinute(
      [
        { category: 'click', timestamp: '2021-09-26 10:00:01.000000' },
        { category: 'click', timestamp: '2021-09-26 10:00:59.999999' },
        { category: 'party', timestamp: '2021-09-26 09:01:00.000000' },
        { category: 'party', timestamp: '2021-09-26 09:00:59.000000' },
      ],
      now,
    );
    expect(chart.minutes).toHaveLength(60);
    expect(chart.minutes.at(-1)).toBe(Date.parse('2021-09-26T10:00:00Z') / 1000);
    expect(chart.counts.get('click')?.at(-1)).toBe(2);
    expect(chart.counts.get('party')?.reduce((a, b) => a + b)).toBe(1);
    expect(chart.counts.get('party')?.[0]).toBe(1);
  });
});
