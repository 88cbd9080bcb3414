import type { EventItem } from '@eventline/contracts';
import { liveEventMatches } from './live-event.filter.js';

const event: EventItem = {
  event_id: '0190f3a1-2b3c-7d4e-8f60-000000000001',
  session_id: 'e2085be5-9137-4e4e-80b5-f1ffddc25423',
  category: 'party',
  name: 'shop',
  data: {},
  timestamp: '2021-09-26 09:15:27.243860',
  received_at: '2021-09-26 09:15:27.301000',
};

describe('liveEventMatches', () => {
  it("shows a key its own application's events only, unless it has query:all", () => {
    expect(liveEventMatches(event, { app: 'shop', all: false }, {})).toBe(true);
    expect(liveEventMatches(event, { app: 'mall', all: false }, {})).toBe(false);
    expect(liveEventMatches(event, { app: 'mall', all: true }, {})).toBe(true);
  });

  it('applies every given filter', () => {
    const scope = { app: 'admin', all: true };
    expect(
      liveEventMatches(event, scope, { category: 'party', name: 'shop', session_id: event.session_id }),
    ).toBe(true);
    expect(liveEventMatches(event, scope, { category: 'click' })).toBe(false);
    expect(liveEventMatches(event, scope, { name: 'mall' })).toBe(false);
    expect(liveEventMatches(event, scope, { session_id: '00000000-0000-4000-8000-000000000000' })).toBe(
      false,
    );
  });
});
