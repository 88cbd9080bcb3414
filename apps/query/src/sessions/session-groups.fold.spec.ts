import type { SessionEventRow } from '@eventline/storage';
import { foldSessionGroups } from './session-groups.fold.js';

const S1 = '10000000-0000-4000-8000-000000000000';
const S2 = '20000000-0000-4000-8000-000000000000';
const S3 = '30000000-0000-4000-8000-000000000000';
const T0 = Date.UTC(2021, 8, 26, 9, 15, 27) * 1000;

function rows(...list: [string, string, string, number][]): {
  rows: AsyncIterable<SessionEventRow>;
  read: () => number;
} {
  let read = 0;
  async function* generate() {
    for (const [session_id, name, category, ts_us] of list) {
      read += 1;
      yield { session_id, name, category, ts_us };
    }
  }
  return { rows: generate(), read: () => read };
}

describe('foldSessionGroups', () => {
  it('counts events per session and keeps first and last timestamps and sorted categories', async () => {
    const source = rows(
      [S1, 'shop', 'party', T0 + 1],
      [S1, 'shop', 'click', T0 + 5],
      [S1, 'shop', 'party', T0 + 9],
      [S2, 'shop', 'page_view', T0 + 2],
    );
    expect(await foldSessionGroups(source.rows, 10)).toEqual({
      more: false,
      items: [
        {
          session_id: S1,
          name: 'shop',
          event_count: 3,
          first_timestamp: '2021-09-26 09:15:27.000001',
          last_timestamp: '2021-09-26 09:15:27.000009',
          categories: ['click', 'party'],
        },
        {
          session_id: S2,
          name: 'shop',
          event_count: 1,
          first_timestamp: '2021-09-26 09:15:27.000002',
          last_timestamp: '2021-09-26 09:15:27.000002',
          categories: ['page_view'],
        },
      ],
    });
  });

  it('stops reading once a page and one more session are known', async () => {
    const source = rows(
      [S1, 'a', 'party', 1],
      [S2, 'a', 'party', 2],
      [S3, 'a', 'party', 3],
      [S3, 'a', 'party', 4],
    );
    const result = await foldSessionGroups(source.rows, 1);
    expect(result.items.map((i) => i.session_id)).toEqual([S1]);
    expect(result.more).toBe(true);
    expect(source.read()).toBe(3);
  });

  it('splits a session shared by two apps into one item per app and resumes after the last app shown', async () => {
    const list: [string, string, string, number][] = [
      [S1, 'b', 'party', 1],
      [S1, 'a', 'party', 2],
      [S2, 'a', 'click', 3],
    ];
    const first = await foldSessionGroups(rows(...list).rows, 1);
    expect(first.items.map((i) => [i.session_id, i.name])).toEqual([[S1, 'a']]);
    const second = await foldSessionGroups(rows(...list).rows, 5, { session_id: S1, name: 'a' });
    expect(second.items.map((i) => [i.session_id, i.name])).toEqual([
      [S1, 'b'],
      [S2, 'a'],
    ]);
  });
});
