/**
 * A number whose JSON text a JavaScript number cannot hold exactly (`12345678901234567890`,
 * `1.0000000000000001`, `1e400`): parsing would round it, and the rounded value would be stored
 * as if it had been sent. The parse keeps the text instead, so validation refuses the field.
 */
export class InexactNumber {
  constructor(readonly source: string) {}

  /** Serialises as the number text it was sent as (a dead letter keeps the event as sent). */
  toJSON(): unknown {
    return (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON(this.source);
  }
}

type Reviver = (key: string, value: unknown, context?: { source?: string }) => unknown;

// A decimal of at most 15 significant digits and a small exponent always survives a double (DBL_DIG
// is 15). Only a number token of 16 or more digits, or one with an exponent, may not: then, and
// only then, is the slower parse with a reviver worth it (it costs ~5x JSON.parse alone).
const MAYBE_INEXACT = /[:,[]\s*-?(?:\d(?:\.?\d){15}|[\d.]+[eE])/;

/**
 * The reviver to parse `text` with, or undefined when every number in it is held exactly anyway
 * (the common case, parsed at full speed): `JSON.parse(text, exactNumbersReviver(text))`. It
 * replaces each number that would be rounded by an {@link InexactNumber}. Reads each number's
 * source text (JSON.parse source text access, Node 21+).
 */
export function exactNumbersReviver(text: string): Reviver | undefined {
  if (!MAYBE_INEXACT.test(text)) return undefined;
  return (_key, value, context) =>
    typeof value === 'number' && context?.source !== undefined && !sameDecimal(context.source, value)
      ? new InexactNumber(context.source)
      : value;
}

/** True when the JSON number text denotes exactly the value `parsed` holds as a decimal. */
function sameDecimal(source: string, parsed: number): boolean {
  return Number.isFinite(parsed) && decimalKey(source) === decimalKey(String(parsed));
}

// Canonical form of a decimal literal (JSON's, or String(number)'s `1e+308`): sign, significant
// digits without leading or trailing zeros, exponent. `1.50`, `15e-1` and `1.5` give the same key.
function decimalKey(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match) return `?${text}`;
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  let digits = (whole + fraction).replace(/^0+/, '');
  if (digits === '') return '0';
  let power = Number(exponent) - fraction.length;
  const trailing = /0*$/.exec(digits)![0].length;
  digits = digits.slice(0, digits.length - trailing);
  power += trailing;
  return `${sign}${digits}e${power}`;
}
