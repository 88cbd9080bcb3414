import { categoryLabel } from './metric-labels.js';

describe('categoryLabel', () => {
  it('keeps registered categories and folds anything else into "unknown"', () => {
    expect(categoryLabel('party')).toBe('party');
    expect(categoryLabel('page_view')).toBe('page_view');
    expect(categoryLabel('made-up-' + Math.random())).toBe('unknown');
    expect(categoryLabel(undefined)).toBe('unknown');
    expect(categoryLabel({ $gt: '' })).toBe('unknown');
  });
});
