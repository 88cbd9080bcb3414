import { getMetadataStorage } from 'class-validator';
import { CategoryDefinition } from './category-definition.js';
import { ClickCategory } from './click.category.js';
import { ErrorCategory } from './error.category.js';
import { FormSubmitCategory } from './form-submit.category.js';
import { PageViewCategory } from './page-view.category.js';
import { PartyCategory } from './party.category.js';

/** Every registered category. Adding one: a `<name>.category.ts` file, then one line here. */
export const CATEGORIES = [
  PartyCategory,
  PageViewCategory,
  ClickCategory,
  FormSubmitCategory,
  ErrorCategory,
] as const;

export type CategoryName = (typeof CATEGORIES)[number]['name'];

/** The `data` type of each category, for typed producers such as the client package. */
export type CategoryDataMap = {
  [C in (typeof CATEGORIES)[number] as C['name']]: InstanceType<C['dataClass']>;
};

const byName = new Map<string, CategoryDefinition>(CATEGORIES.map((c) => [c.name, c]));

export const CATEGORY_NAMES: readonly CategoryName[] = CATEGORIES.map((c) => c.name);

export function findCategory(name: string): CategoryDefinition | undefined {
  return byName.get(name);
}

export function isCategoryName(name: string): name is CategoryName {
  return byName.has(name);
}

const declaredKeysCache = new Map<new () => object, ReadonlySet<string>>();

/**
 * The `data` keys a category declares, read from its class-validator metadata so the class stays
 * the one source of truth; anything else in `data` is refused rather than stripped.
 */
export function declaredDataKeys(category: CategoryDefinition): ReadonlySet<string> {
  let keys = declaredKeysCache.get(category.dataClass);
  if (!keys) {
    const metas = getMetadataStorage().getTargetValidationMetadatas(category.dataClass, '', true, false);
    keys = new Set(metas.map((m) => m.propertyName));
    declaredKeysCache.set(category.dataClass, keys);
  }
  return keys;
}
