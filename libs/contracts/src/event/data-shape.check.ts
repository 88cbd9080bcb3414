import { ErrorCode } from '../errors/error-code.js';
import { FieldError } from '../errors/field-error.js';
import { InexactNumber } from '../json/exact-numbers.reviver.js';

/**
 * How deep `data` may nest objects and arrays: `data` itself is level 1, so `{"a":{"b":1}}` is
 * 2 levels. Far below MongoDB's 100 levels, and deep enough for any event a web page sends;
 * past it, every recursive step downstream (JSON.stringify, BSON) could overflow the stack.
 */
export const MAX_DATA_DEPTH = 16;

/**
 * False when `text` holds a lone UTF-16 surrogate (`"\ud800"` in JSON), which is no character:
 * storage would turn it into U+FFFD. ES2024's String#isWellFormed (Node 20+), ~7x faster than
 * the `/\p{Cs}/u` regex on a 16 KB stack; typed here because the client package compiles these
 * files against ES2022.
 */
export function isWellFormedText(text: string): boolean {
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed();
}

/**
 * True when `raw` nests objects or arrays deeper than any valid event can (the event object, then
 * `data` at most {@link MAX_DATA_DEPTH} levels): validateEvent refuses such an event, and nothing
 * recursive (JSON.stringify to measure it, to dead-letter it) may touch it. Iterative.
 */
export function exceedsEventDepth(raw: unknown): boolean {
  // Two parallel stacks rather than one of objects: this runs on every posted event.
  const values: unknown[] = [raw];
  const depths: number[] = [1];
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_DATA_DEPTH + 1) return true;
    for (const key in value) {
      values.push((value as Record<string, unknown>)[key]);
      depths.push(depth + 1);
    }
  }
  return false;
}

interface Pending {
  value: unknown;
  path: string;
  depth: number;
}

/**
 * What no category may store, checked on the whole of `data` without recursion (so any depth
 * is safe to look at): nesting past {@link MAX_DATA_DEPTH}, a string or key that is not valid
 * Unicode (a lone surrogate, which storage would turn into U+FFFD), a number JSON could not hold
 * exactly ({@link InexactNumber}). At most one error per top-level key of `data`, naming the path.
 */
export function dataShapeErrors(data: Record<string, unknown>): readonly FieldError[] {
  let errors: FieldError[] | undefined;
  for (const key of Object.keys(data)) {
    const error = firstProblem(key, data[key]);
    if (error) (errors ??= []).push(error);
  }
  return errors ?? NO_ERRORS;
}

const NO_ERRORS: readonly FieldError[] = Object.freeze([]);

function firstProblem(key: string, value: unknown): FieldError | undefined {
  if (!isWellFormedText(key)) return encodingError(`data.${key}`, 'its key');
  // Most values are a string, number or boolean: checked without starting the walk below.
  if (typeof value === 'string')
    return isWellFormedText(value) ? undefined : encodingError(`data.${key}`, 'its value');
  if (typeof value !== 'object' || value === null) return undefined;
  // `data` is level 1, so a container directly under it is level 2.
  const stack: Pending[] = [{ value, path: `data.${key}`, depth: 2 }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { value: current, path, depth } = next;
    if (typeof current === 'string') {
      if (!isWellFormedText(current)) return encodingError(path, 'its value');
    } else if (current instanceof InexactNumber) {
      return {
        field: path,
        code: ErrorCode.InvalidData,
        message: `${path}: ${current.source} cannot be held exactly as a number; send it as a string`,
      };
    } else if (typeof current === 'object' && current !== null) {
      if (depth > MAX_DATA_DEPTH) {
        return {
          field: path,
          code: ErrorCode.InvalidData,
          message: `data nests deeper than ${MAX_DATA_DEPTH} levels at ${path}`,
        };
      }
      for (const [childKey, child] of Object.entries(current)) {
        const childPath = `${path}.${childKey}`;
        if (!isWellFormedText(childKey)) return encodingError(childPath, 'its key');
        stack.push({ value: child, path: childPath, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

function encodingError(field: string, part: string): FieldError {
  return {
    field,
    code: ErrorCode.InvalidEncoding,
    message: `${field}: ${part} holds a lone UTF-16 surrogate (e.g. "\\ud800"), which is not text`,
  };
}
