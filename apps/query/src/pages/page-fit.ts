/**
 * How many of `items`, from the first, fit in `budgetBytes` of JSON (each item's JSON and its
 * comma): never fewer than one, so a single item larger than the budget still gets a page of its
 * own and paging always moves on. Measured by serialising each item, as the reply will.
 */
export function itemsFitting(items: readonly unknown[], budgetBytes: number): number {
  let used = 0;
  for (let count = 0; count < items.length; count++) {
    used += Buffer.byteLength(JSON.stringify(items[count])) + 1;
    if (used > budgetBytes) return Math.max(count, 1);
  }
  return items.length;
}
