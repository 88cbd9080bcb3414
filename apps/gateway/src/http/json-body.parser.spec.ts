import fc from 'fast-check';
import secureJson from 'secure-json-parse';
import { exactNumbersReviver } from '@eventline/contracts';
import { parseSecureJson } from './json-body.parser.js';

function outcome(parse: () => unknown): { value?: string; error?: string } {
  try {
    return { value: JSON.stringify(parse()) };
  } catch (error) {
    return { error: String(error) };
  }
}

const library = (text: string) =>
  secureJson.parse(text, exactNumbersReviver(text), { protoAction: 'error', constructorAction: 'error' });

// Spellings of the keys secure-json-parse refuses, and near misses, to splice into JSON texts.
const SUSPECT = [
  '"__proto__":',
  '"__proto__" :',
  '"\\u005f_proto__":',
  '"_\\u005Fproto__":',
  '"constructor":',
  '"constructor":{"prototype":{}},',
  '"\\u0063onstructor":',
  '"construct\\u006Fr":',
  '"__proto__"',
  '"constructor"',
  '"proto":',
  '"\\u00e9":',
  '\\u',
  '\uFEFF',
  '12345678901234567890',
  '1e400',
];

describe('parseSecureJson', () => {
  it('parses or refuses every text exactly as secure-json-parse does', () => {
    const text = fc.oneof(
      fc.json({ maxDepth: 3 }),
      // A JSON text with a fragment spliced in anywhere: often invalid, sometimes a forbidden key.
      fc
        .tuple(fc.json({ maxDepth: 3 }), fc.nat(), fc.constantFrom(...SUSPECT))
        .map(
          ([json, at, fragment]) =>
            json.slice(0, at % (json.length + 1)) + fragment + json.slice(at % (json.length + 1)),
        ),
      // An object holding one of the fragments as a key or a value.
      fc
        .tuple(fc.constantFrom(...SUSPECT), fc.json({ maxDepth: 2 }))
        .map(
          ([fragment, json]) =>
            `{"a":1,${fragment.endsWith(':') ? fragment : `"k":"${fragment}",` + '"v":'}${json}}`,
        ),
    );
    fc.assert(
      fc.property(text, (t) => {
        expect(outcome(() => parseSecureJson(t))).toEqual(outcome(() => library(t)));
      }),
      { numRuns: 5_000 },
    );
  });

  it('refuses a __proto__ or constructor.prototype key however it is spelt', () => {
    for (const text of [
      '{"a":{"__proto__":{"x":1}}}',
      '{"a":[{"\\u005f_proto__":{}}]}',
      '{"constructor":{"prototype":{"x":1}}}',
      '\uFEFF{"__proto__":{}}',
    ]) {
      expect(() => parseSecureJson(text)).toThrow(/forbidden prototype property/);
    }
  });
});
