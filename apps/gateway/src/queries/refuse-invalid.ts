import { DomainError, FieldError, summarizeFieldErrors } from '@eventline/contracts';

/** Throws a failed validation as a 400 naming its first field (the others in the message). */
export function refuseInvalid(
  result: { ok: true } | { ok: false; errors: FieldError[] },
): asserts result is { ok: true } {
  if (result.ok) return;
  const { code, message, field } = summarizeFieldErrors(result.errors);
  throw new DomainError(code, message, field);
}
