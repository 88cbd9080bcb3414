import { getMetadataStorage, IsEmail, IsString, Length, validateSync } from 'class-validator';
import { CATEGORIES } from '../categories/category.registry.js';
import { EventInput } from '../event/event.input.js';
import { compileClassCheck } from './class-check.compiler.js';

// Values chosen to sit on every decorator's edges: types, lengths 0/1/128/129/255/256…, the
// path pattern, integers vs fractions, negatives, and strings whose isLength differs from .length.
const LENGTHS = [0, 1, 2, 127, 128, 129, 255, 256, 257, 511, 512, 513, 2047, 2048, 2049];
const PALETTE: unknown[] = [
  undefined,
  null,
  true,
  false,
  0,
  -1,
  1,
  1.5,
  42,
  Number.NaN,
  {},
  [],
  ['a'],
  { a: 1 },
  '/',
  '/x',
  'x/',
  'e2085be5-9137-4e4e-80b5-f1ffddc25423',
  'E2085BE5-9137-4E4E-80B5-F1FFDDC25423',
  'e2085be5-9137-4e4e-80b5-f1ffddc2542',
  '😀',
  '\uFE0F',
  'a\uFE0F',
  ...LENGTHS.map((n) => 'a'.repeat(n)),
  ...LENGTHS.map((n) => `/${'p'.repeat(Math.max(0, n - 1))}`),
  ...LENGTHS.filter((n) => n >= 2).map((n) => '😀'.repeat(n / 2)),
];
const LENGTH_SENSITIVE = /[\uD800-\uDBFF]|\uFE0E|\uFE0F/;

/** Deterministic pseudo-random generator, so a failure reproduces. */
function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

function propertiesOf(target: new () => object): string[] {
  return getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .map((m) => m.propertyName);
}

// A valid instance of each class, which the generator mutates one or two properties at a time.
const VALID: Record<string, Record<string, unknown>> = {
  EventInput: {
    session_id: 'e2085be5-9137-4e4e-80b5-f1ffddc25423',
    category: 'party',
    name: 'App',
    data: {},
    timestamp: '2021-09-26 09:15:27.243860',
  },
  party: { host: 'www.party.com', path: '/' },
  page_view: { url: 'https://x' },
  click: { element: '#buy' },
  form_submit: { form: 'signup' },
  error: { message: 'boom' },
};

const classes: Array<[string, new () => object]> = [
  ['EventInput', EventInput],
  ...CATEGORIES.map((c) => [c.name, c.dataClass] as [string, new () => object]),
];

describe('compileClassCheck', () => {
  it.each(classes)(
    'agrees with class-validator on %s for thousands of edge-value combinations',
    (name, target) => {
      const check = compileClassCheck(target);
      expect(check).not.toBeNull();
      const properties = [...new Set(propertiesOf(target))];
      const random = prng(7);
      let agreedValid = 0;
      for (let i = 0; i < 5000; i++) {
        const instance = Object.assign(new target(), VALID[name]) as Record<string, unknown>;
        // Half the cases change one or two properties of a valid instance, half change all of them.
        const changed =
          i % 2 === 0 ? properties : [0, 1].map(() => properties[Math.floor(random() * properties.length)]);
        for (const p of changed) {
          const value = PALETTE[Math.floor(random() * PALETTE.length)];
          if (value === undefined && random() < 0.5) delete instance[p];
          else instance[p] = value;
        }
        const classValidatorValid = validateSync(instance).length === 0;
        const compiledValid = check!(instance);
        // Never more lenient; exactly equal unless a string makes isLength count differently, where
        // the compiled check says "not sure" and class-validator decides.
        if (compiledValid) expect(classValidatorValid).toBe(true);
        const sensitive = Object.values(instance).some(
          (v) => typeof v === 'string' && LENGTH_SENSITIVE.test(v),
        );
        if (!sensitive) expect(compiledValid).toBe(classValidatorValid);
        if (compiledValid) agreedValid++;
      }
      expect(agreedValid).toBeGreaterThan(0);
    },
  );

  it.each(classes)('accepts a valid instance of %s', (name, target) => {
    expect(compileClassCheck(target)!(Object.assign(new target(), VALID[name]))).toBe(true);
  });

  it('declines to compile a class using a decorator it does not model, so class-validator decides', () => {
    class WithEmail {
      @IsEmail()
      email!: string;
    }
    expect(compileClassCheck(WithEmail)).toBeNull();
  });

  it('declines to compile a class using validation groups', () => {
    class Grouped {
      @IsString({ groups: ['admin'] })
      @Length(1, 3)
      label!: string;
    }
    expect(compileClassCheck(Grouped)).toBeNull();
  });

  it('declines to compile a class without any decorator (class-validator rejects its values)', () => {
    class Bare {
      label?: string;
    }
    expect(compileClassCheck(Bare)).toBeNull();
  });
});
