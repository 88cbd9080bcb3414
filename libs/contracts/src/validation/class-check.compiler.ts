import { getMetadataStorage, validateSync, ValidationError, ValidationTypes } from 'class-validator';
import { IS_SAFE_INT } from './is-safe-int.decorator.js';

/** True only when class-validator's `validateSync` would find no error on the instance. */
export type ClassCheck = (instance: object) => boolean;

type Rule = (value: unknown) => boolean;

// Characters that make validator.js's isLength count differently from String#length (surrogate
// pairs and emoji presentation selectors count as one or none).
const LENGTH_SENSITIVE = /[\uD800-\uDBFF]|\uFE0E|\uFE0F/;

/**
 * The decorators the categories use, as plain predicates with class-validator's semantics for
 * JSON values. Each may only answer "valid" when class-validator would; when unsure it answers
 * "invalid" and the caller asks class-validator, which also writes the error messages.
 */
const RULES: Record<string, (constraints: unknown[]) => Rule | null> = {
  isString: () => (v) => typeof v === 'string',
  isBoolean: () => (v) => typeof v === 'boolean',
  isInt: () => (v) => typeof v === 'number' && Number.isInteger(v),
  [IS_SAFE_INT]: () => (v) => Number.isSafeInteger(v),
  isObject: () => (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  min: ([min]) => (typeof min === 'number' ? (v) => typeof v === 'number' && v >= min : null),
  max: ([max]) => (typeof max === 'number' ? (v) => typeof v === 'number' && v <= max : null),
  isIn: ([allowed]) => (Array.isArray(allowed) ? (v) => allowed.some((a) => a === v) : null),
  isLength: ([min = 0, max]) => {
    if (typeof min !== 'number' || (max !== undefined && typeof max !== 'number')) return null;
    return (v) =>
      typeof v === 'string' &&
      (max === undefined || v.length <= max) &&
      (min <= 0 || (v.length >= min && !LENGTH_SENSITIVE.test(v)));
  },
  matches: ([pattern, modifiers]) => {
    // RegExp#test keeps state with the g and y flags where validator.js's String#match does not.
    if (!(pattern instanceof RegExp) || modifiers !== undefined || pattern.global || pattern.sticky)
      return null;
    return (v) => typeof v === 'string' && pattern.test(v);
  },
};

/**
 * Compiles a class-validator class into one predicate, from the class's own decorator metadata,
 * so the class stays the one source of truth. Why: `validateSync` costs ~10 µs per event here,
 * most of it metadata lookups and error objects built even for valid values (docs/benchmarks.md);
 * the predicate costs well under 1 µs. Returns null when the class uses anything this compiler
 * does not model (groups, `each`, nested validation, other decorators): the caller then always
 * uses class-validator.
 */
export function compileClassCheck(target: new () => object): ClassCheck | null {
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(target, '', false, false);
  if (metadatas.length === 0) return null; // class-validator refuses such a value (forbidUnknownValues)
  const byProperty = new Map<string, { optional: boolean; rules: Rule[] }>();
  for (const m of metadatas) {
    if (m.each || m.always !== undefined || m.validateIf || (m.groups && m.groups.length > 0)) return null;
    const property = byProperty.get(m.propertyName) ?? { optional: false, rules: [] };
    byProperty.set(m.propertyName, property);
    if (m.type === ValidationTypes.CONDITIONAL_VALIDATION && m.name === 'isOptional') {
      property.optional = true;
      continue;
    }
    if (m.type !== ValidationTypes.CUSTOM_VALIDATION || !m.name) return null;
    const rule = RULES[m.name]?.(m.constraints ?? []);
    if (!rule) return null;
    property.rules.push(rule);
  }
  const properties = [...byProperty].map(([name, p]) => ({ name, ...p }));
  return (instance) => {
    const values = instance as Record<string, unknown>;
    for (const { name, optional, rules } of properties) {
      const value = values[name];
      if (optional && (value === null || value === undefined)) continue;
      for (const rule of rules) if (!rule(value)) return false;
    }
    return true;
  };
}

/**
 * What class-validator finds wrong with `values` (a parsed JSON object) checked as an instance of
 * `target`: nothing when valid. Only the class's declared properties are read.
 */
export type ClassRulesCheck = (
  target: new () => object,
  values: Readonly<Record<string, unknown>>,
) => readonly ValidationError[];

const NO_ERRORS: readonly ValidationError[] = Object.freeze([]);
const compiled = new Map<object, ClassCheck | null>();
const declared = new Map<object, readonly string[]>();

/**
 * class-validator's own verdict: `validateSync` of an instance of `target` holding the declared
 * properties of `values` (only those, so a key such as `constructor` never reaches the instance).
 * Writes the error messages; the reference the compiled checks are held to.
 */
export const classValidatorRules: ClassRulesCheck = (target, values) => {
  let keys = declared.get(target);
  if (!keys) {
    const metadatas = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
    keys = [...new Set(metadatas.map((m) => m.propertyName))];
    declared.set(target, keys);
  }
  const instance = new target() as Record<string, unknown>;
  for (const key of keys) if (Object.hasOwn(values, key)) instance[key] = values[key];
  return validateSync(instance);
};

/**
 * class-validator's verdict, fast: the class's compiled check answers "valid" straight from the
 * parsed values, building no instance and no error object; when it does not (invalid, or not
 * sure), {@link classValidatorRules} decides and writes the messages. Both read the same
 * decorators, so a rule exists once: on the class.
 */
export const checkClassRules: ClassRulesCheck = (target, values) => {
  let check = compiled.get(target);
  if (check === undefined) {
    check = compileClassCheck(target);
    compiled.set(target, check);
  }
  return check?.(values) ? NO_ERRORS : classValidatorRules(target, values);
};
