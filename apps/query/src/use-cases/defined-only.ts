/**
 * `value` without its undefined properties, keys in their order: a query's filter holds only the
 * conditions given, so that it, and the cursor bound to it, read the same however it was asked.
 */
export function definedOnly<T extends object>(value: { [K in keyof T]: T[K] | undefined }): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
