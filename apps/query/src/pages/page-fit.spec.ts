import { itemsFitting } from './page-fit.js';

const item = (bytes: number) => ({ d: 'x'.repeat(bytes - 8) }); // {"d":"…"} is 8 bytes of JSON around it

describe('itemsFitting', () => {
  it('counts the items whose JSON, each with a comma, stays within the budget', () => {
    const items = [item(100), item(100), item(100)];
    expect(itemsFitting(items, 303)).toBe(3);
    expect(itemsFitting(items, 302)).toBe(2);
    expect(itemsFitting(items, 101)).toBe(1);
  });

  it('gives at least one item, however large, so paging always moves on', () => {
    expect(itemsFitting([item(5000), item(10)], 100)).toBe(1);
    expect(itemsFitting([], 100)).toBe(0);
  });
});
