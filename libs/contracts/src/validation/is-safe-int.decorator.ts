import { ValidateBy, ValidationOptions } from 'class-validator';

export const IS_SAFE_INT = 'isSafeInt';

/**
 * An integer a JavaScript number holds exactly (|n| ≤ 2^53 − 1). class-validator's `@IsInt`
 * accepts `1e308` and the rounded value of `12345678901234567890`; storing either would store a
 * number the producer never sent.
 */
export function IsSafeInt(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_SAFE_INT,
      validator: {
        validate: (value) => Number.isSafeInteger(value),
        defaultMessage: () =>
          `$property must be an integer from -${Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}`,
      },
    },
    options,
  );
}
