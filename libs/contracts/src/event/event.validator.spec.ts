import { ErrorCode } from '../errors/error-code.js';
import { FieldError } from '../errors/field-error.js';
import { exactNumbersReviver } from '../json/exact-numbers.reviver.js';
import { MAX_DATA_DEPTH } from './data-shape.check.js';
import { EventValidationResult, validateEvent } from './event.validator.js';
import { INGEST_LIMITS } from './ingest-limits.js';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const DAY_MS = 24 * 3_600_000;
const options = { maxFutureSkewMs: DAY_MS, nowMillis: NOW };

function seedEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    session_id: 'e2085be5-9137-4e4e-80b5-f1ffddc25423',
    category: 'party',
    name: 'AppName',
    data: { host: 'www.party.com', path: '/' },
    timestamp: '2021-09-26 09:15:27.243860',
    ...overrides,
  };
}

function errorsOf(result: EventValidationResult): FieldError[] {
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.event)}`);
  return result.errors;
}

function codesOf(result: EventValidationResult): Array<[string, string]> {
  return errorsOf(result).map((e) => [e.field, e.code]);
}

describe('validateEvent', () => {
  it('accepts the seed example and normalises its time to epoch microseconds', () => {
    const result = validateEvent(seedEvent(), options);
    expect(result).toEqual({
      ok: true,
      event: {
        event_id: expect.any(String),
        session_id: 'e2085be5-9137-4e4e-80b5-f1ffddc25423',
        category: 'party',
        name: 'AppName',
        data: { host: 'www.party.com', path: '/' },
        ts_us: Date.UTC(2021, 8, 26, 9, 15, 27) * 1000 + 243860,
      },
    });
  });

  it('refuses a value that is not an object', () => {
    for (const raw of [null, 'x', 42, [seedEvent()]]) {
      expect(codesOf(validateEvent(raw, options))).toEqual([['', ErrorCode.InvalidBody]]);
    }
  });

  it('reports every broken field of one event, each with its own code', () => {
    const result = validateEvent(
      seedEvent({ session_id: 'nope', category: 'unknown', timestamp: 'yesterday', event_id: 'nope' }),
      options,
    );
    expect(codesOf(result)).toEqual(
      expect.arrayContaining([
        ['session_id', ErrorCode.InvalidSessionId],
        ['category', ErrorCode.UnknownCategory],
        ['timestamp', ErrorCode.InvalidTimestamp],
        ['event_id', ErrorCode.InvalidEventId],
      ]),
    );
    expect(errorsOf(result)).toHaveLength(4);
  });

  it('lists at most maxErrorsPerEvent errors, the last counting those left out', () => {
    const limit = INGEST_LIMITS.maxErrorsPerEvent;
    const keys = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i]));
    const errors = errorsOf(validateEvent(seedEvent({ data: { host: 'h', path: '/', ...keys } }), options));
    expect(errors).toHaveLength(limit);
    expect(errors.slice(0, limit - 1).map((e) => e.field)).toEqual(
      Array.from({ length: limit - 1 }, (_, i) => `data.k${i}`),
    );
    expect(errors[limit - 1]).toEqual({
      field: `data.k${limit - 1}`,
      code: ErrorCode.InvalidData,
      message: `${100 - (limit - 1)} more errors, from data.k${limit - 1} on, are not listed (at most ${limit} per event)`,
    });
    const exactly = Object.fromEntries(Object.entries(keys).slice(0, limit));
    expect(
      errorsOf(validateEvent(seedEvent({ data: { host: 'h', path: '/', ...exactly } }), options)),
    ).toEqual(Array.from({ length: limit }, (_, i) => expect.objectContaining({ field: `data.k${i}` })));
  });

  it('says which required field is missing', () => {
    const withoutName = seedEvent();
    delete withoutName.name;
    expect(errorsOf(validateEvent(withoutName, options))).toEqual([
      { field: 'name', code: ErrorCode.UntrustedApp, message: 'name is required' },
    ]);
  });

  it('says which required data field is missing', () => {
    const withoutHost = seedEvent({ data: { path: '/' } });
    expect(errorsOf(validateEvent(withoutHost, options))).toEqual([
      { field: 'data.host', code: ErrorCode.InvalidData, message: 'data.host is required' },
    ]);
  });

  describe('timestamp', () => {
    const timestampCodes = (timestamp: unknown) => validateEvent(seedEvent({ timestamp }), options);

    it('accepts 29 February of a leap year and refuses it in a common year', () => {
      expect(timestampCodes('2020-02-29 10:00:00').ok).toBe(true);
      expect(codesOf(timestampCodes('2021-02-29 10:00:00'))).toEqual([
        ['timestamp', ErrorCode.InvalidTimestamp],
      ]);
      expect(codesOf(timestampCodes('2021-02-30 10:00:00'))).toEqual([
        ['timestamp', ErrorCode.InvalidTimestamp],
      ]);
    });

    it('refuses hour 24 and second 60', () => {
      expect(codesOf(timestampCodes('2021-09-26 24:00:00'))).toEqual([
        ['timestamp', ErrorCode.InvalidTimestamp],
      ]);
      expect(codesOf(timestampCodes('2021-12-31 23:59:60'))).toEqual([
        ['timestamp', ErrorCode.InvalidTimestamp],
      ]);
    });

    it('refuses seven fractional digits rather than rounding them away', () => {
      expect(codesOf(timestampCodes('2021-09-26 09:15:27.2438601'))).toEqual([
        ['timestamp', ErrorCode.InvalidTimestamp],
      ]);
    });

    it('refuses a timestamp that is not a string, such as an operator object', () => {
      expect(codesOf(timestampCodes({ $gt: '' }))).toEqual([['timestamp', ErrorCode.InvalidTimestamp]]);
      expect(codesOf(timestampCodes(1632647727))).toEqual([['timestamp', ErrorCode.InvalidTimestamp]]);
    });

    it('applies an ISO 8601 offset such as +05:30', () => {
      const result = timestampCodes('2021-09-26T14:45:27.243860+05:30');
      expect(result.ok && result.event.ts_us).toBe(Date.UTC(2021, 8, 26, 9, 15, 27) * 1000 + 243860);
    });

    it('accepts up to the future skew limit and refuses one hour past it', () => {
      const iso = (millis: number) => new Date(millis).toISOString();
      expect(timestampCodes(iso(NOW + DAY_MS)).ok).toBe(true);
      const tooLate = timestampCodes(iso(NOW + DAY_MS + 3_600_000));
      expect(codesOf(tooLate)).toEqual([['timestamp', ErrorCode.InvalidTimestamp]]);
      expect(errorsOf(tooLate)[0].message).toMatch(/future/);
    });
  });

  describe('unknown and dangerous keys', () => {
    it('refuses an unknown top-level key instead of dropping it', () => {
      expect(codesOf(validateEvent(seedEvent({ user_id: 7 }), options))).toEqual([
        ['user_id', ErrorCode.UnexpectedField],
      ]);
    });

    it('refuses an unknown key inside data with its path', () => {
      const result = validateEvent(seedEvent({ data: { host: 'h', path: '/', extra: 1 } }), options);
      expect(codesOf(result)).toEqual([['data.extra', ErrorCode.InvalidData]]);
    });

    it('refuses __proto__ and constructor keys as parsed from JSON, at the top level and in data', () => {
      const raw = JSON.parse(
        '{"session_id":"e2085be5-9137-4e4e-80b5-f1ffddc25423","category":"party","name":"AppName",' +
          '"timestamp":"2021-09-26 09:15:27","__proto__":{"polluted":true},"constructor":{"prototype":{}},' +
          '"data":{"host":"h","path":"/","__proto__":{"polluted":true},"constructor":"x"}}',
      );
      const result = validateEvent(raw, options);
      expect(codesOf(result)).toEqual(
        expect.arrayContaining([
          ['__proto__', ErrorCode.UnexpectedField],
          ['constructor', ErrorCode.UnexpectedField],
          ['data.__proto__', ErrorCode.InvalidData],
          ['data.constructor', ErrorCode.InvalidData],
        ]),
      );
      expect(errorsOf(result)).toHaveLength(4);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('refuses an operator object such as {"$gt": ""} wherever a plain value belongs', () => {
      const gt = { $gt: '' };
      expect(codesOf(validateEvent(seedEvent({ session_id: gt }), options))).toEqual([
        ['session_id', ErrorCode.InvalidSessionId],
      ]);
      expect(codesOf(validateEvent(seedEvent({ category: gt }), options))).toEqual([
        ['category', ErrorCode.UnknownCategory],
      ]);
      expect(codesOf(validateEvent(seedEvent({ event_id: gt }), options))).toEqual([
        ['event_id', ErrorCode.InvalidEventId],
      ]);
      expect(codesOf(validateEvent(seedEvent({ data: { host: gt, path: '/' } }), options))).toEqual([
        ['data.host', ErrorCode.InvalidData],
      ]);
    });
  });

  describe('data', () => {
    it('refuses data that is missing, an array, or breaks the category rules', () => {
      const withoutData = seedEvent();
      delete withoutData.data;
      expect(codesOf(validateEvent(withoutData, options))).toEqual([['data', ErrorCode.InvalidData]]);
      expect(codesOf(validateEvent(seedEvent({ data: [] }), options))).toEqual([
        ['data', ErrorCode.InvalidData],
      ]);
      expect(codesOf(validateEvent(seedEvent({ data: { host: 'h', path: 'no-slash' } }), options))).toEqual([
        ['data.path', ErrorCode.InvalidData],
      ]);
      expect(codesOf(validateEvent(seedEvent({ data: { host: 'h' } }), options))).toEqual([
        ['data.path', ErrorCode.InvalidData],
      ]);
    });

    it('validates data against the rules of its own category', () => {
      const click = seedEvent({ category: 'click', data: { element: '#buy', x: 3 } });
      expect(validateEvent(click, options).ok).toBe(true);
      expect(codesOf(validateEvent({ ...click, data: { element: '#buy', x: -1 } }, options))).toEqual([
        ['data.x', ErrorCode.InvalidData],
      ]);
    });

    it('refuses an unregistered or differently cased category', () => {
      for (const category of ['Party', 'nope', '__proto__']) {
        expect(codesOf(validateEvent(seedEvent({ category }), options))).toEqual([
          ['category', ErrorCode.UnknownCategory],
        ]);
      }
    });
  });

  describe('ids', () => {
    it('accepts any UUID version in canonical form; lower-cases the session id, keeps the event id as sent', () => {
      const result = validateEvent(
        seedEvent({
          session_id: 'E2085BE5-9137-4E4E-80B5-F1FFDDC25423',
          event_id: '0190F3A1-2B3C-7D4E-8F60-123456789ABC',
        }),
        options,
      );
      expect(result.ok && [result.event.session_id, result.event.event_id]).toEqual([
        'e2085be5-9137-4e4e-80b5-f1ffddc25423',
        '0190F3A1-2B3C-7D4E-8F60-123456789ABC',
      ]);
    });

    it('refuses UUIDs that are not canonical 8-4-4-4-12 hex', () => {
      for (const id of [
        'e2085be591374e4e80b5f1ffddc25423',
        '{e2085be5-9137-4e4e-80b5-f1ffddc25423}',
        'e2085be5-9137-4e4e-80b5-f1ffddc2542',
        'g2085be5-9137-4e4e-80b5-f1ffddc25423',
        ' e2085be5-9137-4e4e-80b5-f1ffddc25423',
      ]) {
        expect(codesOf(validateEvent(seedEvent({ session_id: id }), options))).toEqual([
          ['session_id', ErrorCode.InvalidSessionId],
        ]);
        expect(codesOf(validateEvent(seedEvent({ event_id: id }), options))).toEqual([
          ['event_id', ErrorCode.InvalidEventId],
        ]);
      }
    });

    it('assigns a fresh UUIDv7 when the producer sends no event_id', () => {
      const first = validateEvent(seedEvent(), options);
      const second = validateEvent(seedEvent(), options);
      if (!first.ok || !second.ok) throw new Error('expected both to pass');
      expect(first.event.event_id).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(second.event.event_id).not.toBe(first.event.event_id);
    });

    it('keeps the producer event_id, as sent, on a rejected event so the caller can report it', () => {
      const result = validateEvent(
        seedEvent({ event_id: '0190F3A1-2B3C-7D4E-8F60-123456789ABC', timestamp: 'never' }),
        options,
      );
      expect(result).toMatchObject({ ok: false, event_id: '0190F3A1-2B3C-7D4E-8F60-123456789ABC' });
    });
  });

  describe('name', () => {
    it('must equal the application bound to the credential when one is expected', () => {
      expect(validateEvent(seedEvent(), { ...options, expectedApp: 'AppName' }).ok).toBe(true);
      expect(codesOf(validateEvent(seedEvent(), { ...options, expectedApp: 'OtherApp' }))).toEqual([
        ['name', ErrorCode.UntrustedApp],
      ]);
    });

    it('may be any 1-128 characters when no application is expected', () => {
      expect(validateEvent(seedEvent({ name: 'x'.repeat(128) }), options).ok).toBe(true);
      expect(codesOf(validateEvent(seedEvent({ name: 'x'.repeat(129) }), options))).toEqual([
        ['name', ErrorCode.UntrustedApp],
      ]);
      expect(codesOf(validateEvent(seedEvent({ name: '' }), options))).toEqual([
        ['name', ErrorCode.UntrustedApp],
      ]);
    });
  });

  it('accepts an event whose strings isLength counts differently from String#length (emoji), as class-validator does', () => {
    // 128 emoji are 256 UTF-16 units but 128 characters to validator.js: within name's 1-128.
    const result = validateEvent(
      seedEvent({ name: '😀'.repeat(128), data: { host: '🎉', path: '/😀' } }),
      options,
    );
    expect(result.ok).toBe(true);
  });

  it('rejects a 129-character name with the untrusted_app error class-validator writes', () => {
    const result = validateEvent(seedEvent({ name: 'a'.repeat(129) }), options);
    expect(codesOf(result)).toEqual([['name', ErrorCode.UntrustedApp]]);
  });
});

describe('validateEvent: nothing is stored altered', () => {
  const parsed = (text: string) => JSON.parse(text, exactNumbersReviver(text)) as unknown;
  const click = (data: string) =>
    parsed(
      `{"session_id":"e2085be5-9137-4e4e-80b5-f1ffddc25423","category":"click","name":"AppName",` +
        `"timestamp":"2021-09-26 09:15:27","data":${data}}`,
    );

  it('rejects an integer field beyond 2^53 or written as 1e308, rather than storing it rounded', () => {
    for (const x of ['12345678901234567890', '9007199254740992', '1e308', '1.0000000000000001']) {
      expect(codesOf(validateEvent(click(`{"element":"#buy","x":${x}}`), options))).toEqual([
        ['data.x', ErrorCode.InvalidData],
      ]);
    }
    expect(validateEvent(click('{"element":"#buy","x":9007199254740991}'), options).ok).toBe(true);
    expect(validateEvent(click('{"element":"#buy","x":1.0}'), options).ok).toBe(true);
  });

  it('rejects a lone surrogate in data or name with invalid_encoding, and accepts emoji', () => {
    expect(codesOf(validateEvent(seedEvent({ data: { host: 'a\ud800', path: '/' } }), options))).toEqual([
      ['data.host', ErrorCode.InvalidEncoding],
    ]);
    expect(codesOf(validateEvent(seedEvent({ name: 'App\udfff' }), options))).toEqual([
      ['name', ErrorCode.InvalidEncoding],
    ]);
    expect(validateEvent(seedEvent({ data: { host: '😀', path: '/😀' } }), options).ok).toBe(true);
  });

  it('rejects data nested past the limit with invalid_data naming the path, whatever the depth', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 200_000; i++) deep = { a: deep };
    const result = validateEvent(seedEvent({ data: { host: 'h', path: '/', deep } }), options);
    expect(codesOf(result)).toEqual([[`data.deep${'.a'.repeat(MAX_DATA_DEPTH - 1)}`, ErrorCode.InvalidData]]);
  });
});
