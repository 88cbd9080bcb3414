import { recentSessionsFilterQuery, recentSessionsIndexFor } from './recent-sessions.filter.js';

describe('recentSessionsFilterQuery', () => {
  it('selects whole sessions: the app, a category among theirs, activity overlapping [start, end)', () => {
    expect(
      recentSessionsFilterQuery({ application: 'shop', category: 'click', start_us: 10, end_us: 20 }),
    ).toEqual({
      application: 'shop',
      categories: 'click',
      first_us: { $lt: 20 },
      last_us: { $gte: 10 },
    });
    expect(recentSessionsFilterQuery({})).toEqual({});
  });

  it('resumes strictly after the cursor in (last_us desc, _id desc) order', () => {
    expect(recentSessionsFilterQuery({ start_us: 5 }, { last_us: 70, id: 'shop:x' })).toEqual({
      last_us: { $gte: 5, $lte: 70 },
      $or: [{ last_us: { $lt: 70 } }, { _id: { $lt: 'shop:x' } }],
    });
  });

  it('refuses a non-scalar value even if one slipped past validation', () => {
    expect(() => recentSessionsFilterQuery({ category: { $ne: 'x' } as unknown as string })).toThrow(
      TypeError,
    );
    expect(() => recentSessionsFilterQuery({ end_us: '5' as unknown as number })).toThrow(TypeError);
    expect(() => recentSessionsFilterQuery({}, { last_us: 1.5, id: 'x' })).toThrow(TypeError);
  });
});

describe('recentSessionsIndexFor', () => {
  it("serves one app's sessions with app_recent, every app's with recent", () => {
    expect(recentSessionsIndexFor({ application: 'shop', category: 'click' })).toBe('app_recent');
    expect(recentSessionsIndexFor({ category: 'click' })).toBe('recent');
  });
});
