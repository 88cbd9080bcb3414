import { classValidatorRules } from '../validation/class-check.compiler.js';
import fc from 'fast-check';
import { CATEGORIES, declaredDataKeys } from '../categories/category.registry.js';
import { EventValidationResult, validateEvent } from './event.validator.js';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const DAY_MS = 24 * 3_600_000;

/** Values of the wrong type for most fields, and an operator object. */
const junk = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constant({ $gt: '' }),
  fc.array(fc.string(), { maxLength: 2 }),
);
/** Strings on the edges of the rules: lengths around their bounds, paths, emoji (isLength counts them once). */
const edgyString = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ maxLength: 12 }).map((s) => `/${s}`),
  fc.constantFrom(0, 1, 127, 128, 129, 255, 256, 257, 512, 513, 2048, 2049).map((n) => 'a'.repeat(n)),
  fc.constantFrom(1, 64, 65, 128, 129).map((n) => '😀'.repeat(n)),
  fc.constantFrom('\uFE0F', 'a\uFE0F', '/😀'),
);
/** Mostly a valid value, sometimes any other: most events break no rule or one or two. */
function field<T>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: valid, weight: 7 }, { arbitrary: other, weight: 1 });
}

const uuid = field(
  fc.oneof(
    fc.uuid(),
    fc.uuid().map((id) => id.toUpperCase()),
  ),
  fc.oneof(
    fc.uuid().map((id) => id.replace(/-/g, '')),
    fc.uuid().map((id) => ` ${id}`),
    fc.string({ maxLength: 40 }),
    junk,
  ),
);
const date = (max: number) => fc.date({ min: new Date(0), max: new Date(max), noInvalidDate: true });
const timestamp = field(
  fc.oneof(
    date(NOW).map(seedForm),
    date(NOW).map((d) => d.toISOString()),
  ),
  fc.oneof(
    date(NOW + 3 * DAY_MS).map((d) => d.toISOString()),
    fc.constantFrom(
      '2020-02-29 10:00:00',
      '2021-02-29 10:00:00',
      '2021-09-26 24:00:00',
      '2021-12-31 23:59:60',
      '2021-09-26 09:15:27.2438601',
      '2021-09-26T14:45:27.243860+05:30',
      '2021-09-26T14:45:27+14:01',
      'yesterday',
    ),
    junk,
  ),
);
const value = fc.oneof(
  edgyString,
  fc.integer({ min: -2, max: 2 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant({}),
);

// One valid `data` per category to start from; a category missing here is still generated at random.
const VALID_DATA: Record<string, Record<string, unknown>> = {
  party: { host: 'www.party.com', path: '/' },
  page_view: { url: 'https://x' },
  click: { element: '#buy' },
  form_submit: { form: 'signup' },
  error: { message: 'boom' },
};

/** `data` for a category: a valid one with edge values on some keys, a stray key, or no object at all. */
function dataFor(name: string, dataClass: new () => object): fc.Arbitrary<unknown> {
  const keys = [...declaredDataKeys({ name, dataClass })];
  const someKeys = fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] });
  const valid = VALID_DATA[name];
  return fc.oneof(
    { arbitrary: valid ? fc.constant(valid) : someKeys, weight: 4 },
    { arbitrary: someKeys.map((d) => ({ ...valid, ...d })), weight: 3 },
    { arbitrary: someKeys.map((d) => ({ ...d, extra: 1 })), weight: 1 },
    { arbitrary: junk, weight: 1 },
  );
}

const categoryAndData = field(
  fc
    .constantFrom(...CATEGORIES)
    .chain((c) => fc.tuple(fc.constant<unknown>(c.name), dataFor(c.name, c.dataClass))),
  fc.tuple(fc.oneof(fc.constantFrom('Party', 'nope', '__proto__'), junk), value),
) as fc.Arbitrary<[unknown, unknown]>;

/** A raw event: every field mostly right, sometimes wrong, or missing, or a stray key beside them. */
const rawEvent = fc
  .record({
    session_id: uuid,
    categoryAndData,
    name: field(fc.constant('AppName'), fc.oneof(fc.constant('OtherApp'), edgyString, junk)),
    timestamp,
    event_id: fc.option(uuid, { nil: undefined }),
    missing: field(
      fc.constant(undefined),
      fc.constantFrom('session_id', 'category', 'name', 'data', 'timestamp'),
    ),
    stray: field(fc.constant(false), fc.constant(true)),
  })
  .map(({ categoryAndData: [category, data], event_id, missing, stray, ...rest }) => {
    const raw: Record<string, unknown> = { ...rest, category, data };
    if (event_id !== undefined) raw.event_id = event_id;
    if (typeof missing === 'string') delete raw[missing];
    if (stray) raw.user_id = 7;
    return raw;
  });

function seedForm(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/** The result without the UUIDv7 assigned to an event that came without an id (null counts as none): it differs per call. */
function comparable(result: EventValidationResult, raw: Record<string, unknown>): unknown {
  if (!result.ok || (raw.event_id !== undefined && raw.event_id !== null)) return result;
  return { ...result, event: { ...result.event, event_id: 'assigned' } };
}

describe('validateEvent: its fast checks and class-validator give the same answer', () => {
  it('for any event: same verdict, same errors, same normalised event', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(
        rawEvent,
        fc.constantFrom(undefined, 'AppName', 'AppName', 'OtherApp'),
        (raw, expectedApp) => {
          const options = { maxFutureSkewMs: DAY_MS, nowMillis: NOW, expectedApp };
          const fast = validateEvent(raw, options);
          const classValidatorOnly = validateEvent(raw, options, classValidatorRules);
          expect(comparable(fast, raw)).toEqual(comparable(classValidatorOnly, raw));
          if (fast.ok) accepted++;
          else rejected++;
        },
      ),
      { numRuns: 5000, seed: 20261201 },
    );
    // The generator reaches both answers often, so neither side of the comparison is vacuous.
    expect(Math.min(accepted, rejected)).toBeGreaterThan(500);
  });
});
