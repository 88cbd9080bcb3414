import { covers, sessionActivities, sessionSummaryOf, sessionUpsert } from './session-activity.js';

const S1 = 'e2085be5-9137-4e4e-80b5-f1ffddc25423';
const S2 = '0190f3a1-2b3c-7d4e-8f60-123456789abc';
const event = (name: string, session_id: string, category: string, ts_us: number) => ({
  name,
  session_id,
  category,
  ts_us,
});

describe('sessionActivities', () => {
  it('folds a batch into one activity per (application, session): time bounds and each category once', () => {
    const activities = sessionActivities([
      event('shop', S1, 'party', 30),
      event('shop', S2, 'click', 5),
      event('shop', S1, 'click', 10),
      event('shop', S1, 'party', 50),
      event('blog', S1, 'page_view', 1),
    ]);
    expect(activities).toEqual([
      { application: 'shop', session_id: S1, first_us: 10, last_us: 50, categories: ['click', 'party'] },
      { application: 'shop', session_id: S2, first_us: 5, last_us: 5, categories: ['click'] },
      { application: 'blog', session_id: S1, first_us: 1, last_us: 1, categories: ['page_view'] },
    ]);
  });

  it('gives the same activities whatever the order of the events', () => {
    const events = [
      event('shop', S1, 'party', 30),
      event('shop', S1, 'click', 10),
      event('shop', S2, 'x', 7),
    ];
    const sorted = (list: ReturnType<typeof sessionActivities>) =>
      [...list].sort((a, b) => a.session_id.localeCompare(b.session_id));
    expect(sorted(sessionActivities([...events].reverse()))).toEqual(sorted(sessionActivities(events)));
  });

  it('makes nothing of no events', () => {
    expect(sessionActivities([])).toEqual([]);
  });
});

describe('sessionUpsert', () => {
  it('merges with idempotent operators only, keyed by the session key, identity set on insert', () => {
    expect(
      sessionUpsert({ application: 'shop', session_id: S1, first_us: 1, last_us: 9, categories: ['click'] }),
    ).toEqual({
      updateOne: {
        filter: { _id: `shop:${S1}` },
        update: {
          $min: { first_us: 1 },
          $max: { last_us: 9 },
          $addToSet: { categories: { $each: ['click'] } },
          $setOnInsert: { application: 'shop', session_id: S1 },
        },
        upsert: true,
      },
    });
  });
});

describe('covers', () => {
  const activity = { application: 'shop', session_id: S1, first_us: 10, last_us: 20, categories: ['click'] };
  it('holds when the summary is at least as wide and has every category', () => {
    expect(covers({ first_us: 5, last_us: 20, categories: ['party', 'click'] }, activity)).toBe(true);
  });
  it('fails for a missing summary, a narrower bound or a missing category', () => {
    expect(covers(undefined, activity)).toBe(false);
    expect(covers({ first_us: 11, last_us: 20, categories: ['click'] }, activity)).toBe(false);
    expect(covers({ first_us: 10, last_us: 19, categories: ['click'] }, activity)).toBe(false);
    expect(covers({ first_us: 10, last_us: 20, categories: ['party'] }, activity)).toBe(false);
  });
});

describe('sessionSummaryOf', () => {
  it('is the summary the upsert would create from nothing', () => {
    const activity = { application: 'shop', session_id: S1, first_us: 1, last_us: 9, categories: ['click'] };
    expect(sessionSummaryOf(activity)).toEqual({ _id: `shop:${S1}`, ...activity });
  });
});
