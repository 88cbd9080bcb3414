import {
  eventsFilterQuery,
  eventsIndexFor,
  sessionsFilterQuery,
  sessionsIndexFor,
} from './events-query.filter.js';

describe('eventsFilterQuery', () => {
  it('maps filters to equality and a half-open time range', () => {
    expect(eventsFilterQuery({ category: 'party', name: 'shop', start_us: 10, end_us: 20 }, 'asc')).toEqual({
      category: 'party',
      name: 'shop',
      ts_us: { $gte: 10, $lt: 20 },
    });
  });

  it('resumes strictly after the cursor position in ascending order, ties broken by seq then _id', () => {
    expect(eventsFilterQuery({ start_us: 5 }, 'asc', { ts_us: 7, seq: 3, id: 'x' })).toEqual({
      ts_us: { $gte: 7 },
      $or: [{ ts_us: { $gt: 7 } }, { seq: { $gt: 3 } }, { seq: 3, _id: { $gt: 'x' } }],
    });
  });

  it('resumes strictly before the cursor position in descending order', () => {
    expect(eventsFilterQuery({ end_us: 50 }, 'desc', { ts_us: 7, seq: 3, id: 'x' })).toEqual({
      ts_us: { $lt: 50, $lte: 7 },
      $or: [{ ts_us: { $lt: 7 } }, { seq: { $lt: 3 } }, { seq: 3, _id: { $lt: 'x' } }],
    });
  });

  it('refuses a non-scalar value even if one slipped past validation', () => {
    expect(() => eventsFilterQuery({ category: { $ne: 'x' } as unknown as string }, 'asc')).toThrow(
      TypeError,
    );
    expect(() => eventsFilterQuery({ start_us: '5' as unknown as number }, 'asc')).toThrow(TypeError);
  });
});

describe('index choice', () => {
  it.each([
    [{ session_id: 's', name: 'a', category: 'c' }, 'session_timeline'],
    [{ name: 'a', category: 'c' }, 'app_category_range'],
    [{ name: 'a' }, 'app_range'],
    [{ category: 'c' }, 'category_range'],
    [{ start_us: 1 }, 'range'],
  ])('serves %j with %s', (filter, index) => {
    expect(eventsIndexFor(filter)).toBe(index);
  });

  it('scans sessions of one app on app_sessions, of every app on session_timeline', () => {
    expect(sessionsIndexFor({ name: 'a' })).toBe('app_sessions');
    expect(sessionsIndexFor({})).toBe('session_timeline');
    expect(sessionsFilterQuery({ name: 'a' }, 's1')).toEqual({ name: 'a', session_id: { $gte: 's1' } });
  });
});
