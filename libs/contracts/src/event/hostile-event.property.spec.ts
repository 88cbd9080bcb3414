import fc from 'fast-check';
import { ErrorCode } from '../errors/error-code.js';
import { exactNumbersReviver } from '../json/exact-numbers.reviver.js';
import { isWellFormedText } from './data-shape.check.js';
import { validateEvent } from './event.validator.js';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const options = { maxFutureSkewMs: 24 * 3_600_000, nowMillis: NOW, expectedApp: 'AppName' };
const CODES = new Set<string>(Object.values(ErrorCode));

const base = {
  session_id: 'e2085be5-9137-4e4e-80b5-f1ffddc25423',
  category: 'party',
  name: 'AppName',
  data: { host: 'www.party.com', path: '/' },
  timestamp: '2021-09-26 09:15:27.243860',
};

/** Any code unit, lone surrogates included. */
const anyText = fc.string({ unit: 'binary', maxLength: 12 });
/** Objects or arrays nested up to thousands of levels, around any value. */
const deep = fc
  .tuple(fc.integer({ min: 1, max: 5000 }), fc.boolean(), fc.jsonValue({ maxDepth: 2 }))
  .map(([levels, arrays, leaf]) => {
    let value: unknown = leaf;
    for (let i = 0; i < levels; i++) value = arrays ? [value] : { a: value };
    return value;
  });
const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  anyText,
  deep,
  fc.dictionary(anyText, fc.oneof(anyText, fc.jsonValue({ maxDepth: 3 })), { maxKeys: 4 }),
);
/** The seed event with one field (or a data key, or a stray key) set to a hostile value, or any JSON at all. */
const hostileEvent = fc.oneof(
  fc.tuple(fc.constantFrom(...Object.keys(base), 'extra'), hostileValue).map(([key, value]) => ({
    ...base,
    [key]: value,
  })),
  fc
    .tuple(fc.constantFrom('host', 'path', 'other'), hostileValue)
    .map(([key, value]) => ({ ...base, data: { ...base.data, [key]: value } })),
  fc.jsonValue({ maxDepth: 6 }),
);

function expectJudged(raw: unknown): void {
  const result = validateEvent(raw, options);
  if (result.ok) {
    // Accepted means stored as sent: data survives JSON unchanged, and every string is text.
    expect(JSON.parse(JSON.stringify(result.event.data))).toEqual(result.event.data);
    for (const value of Object.values(result.event.data)) {
      if (typeof value === 'string') expect(isWellFormedText(value)).toBe(true);
    }
    return;
  }
  expect(result.errors.length).toBeGreaterThan(0);
  for (const error of result.errors) {
    expect(typeof error.field).toBe('string');
    expect(CODES.has(error.code)).toBe(true);
    expect(error.message.length).toBeGreaterThan(0);
  }
}

describe('validateEvent against hostile JSON', () => {
  it('never throws: any value is accepted as stored, or rejected with a field and a known code', () => {
    fc.assert(
      fc.property(hostileEvent, (raw) => expectJudged(raw)),
      { numRuns: 3000, seed: 20261211 },
    );
  });

  it('accepts an integer field only when the number as sent is an integer JavaScript holds exactly', () => {
    const literal = fc
      .tuple(
        fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
        fc.option(fc.stringMatching(/^[0-9]{1,20}$/), { nil: undefined }),
      )
      .map(([whole, fraction]) => (fraction === undefined ? String(whole) : `${whole}.${fraction}`));
    fc.assert(
      fc.property(literal, (text) => {
        const json = `{"session_id":"${base.session_id}","category":"click","name":"AppName","timestamp":"${base.timestamp}","data":{"element":"#a","x":${text}}}`;
        const result = validateEvent(JSON.parse(json, exactNumbersReviver(json)), options);
        const [whole, fraction = ''] = text.split('.');
        const exact =
          /^0*$/.test(fraction) && BigInt(whole) >= 0n && BigInt(whole) <= BigInt(Number.MAX_SAFE_INTEGER);
        if (exact) {
          expect(result.ok && BigInt(result.event.data.x as number)).toBe(BigInt(whole));
        } else {
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.errors.map((e) => e.field)).toEqual(['data.x']);
        }
      }),
      { numRuns: 2000, seed: 20261212 },
    );
  });
});
