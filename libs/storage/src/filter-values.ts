/**
 * The re-checks every query filter makes of its values (a second line of defence behind the
 * contract validators): a string stays a string, an integer an integer, so no caller-supplied
 * object can become a MongoDB operator.
 */
export function text(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new TypeError(`${field} must be a string`);
  return value;
}

export function integer(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    throw new TypeError(`${field} must be an integer`);
  return value;
}
