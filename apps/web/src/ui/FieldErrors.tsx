import type { FieldError } from '@gatehouse/policy';
import { Callout } from './Panel.js';
import { fieldLabel } from './fieldLabel.js';

/** Validation problems as the API server would report them, each led by the field's name in the form. */
export function FieldErrors({
  errors,
  title = 'Fix these before saving',
}: {
  errors: readonly FieldError[];
  title?: string;
}) {
  if (errors.length === 0) return null;
  return (
    <Callout tone="error" title={title}>
      <ul className="list-inside list-disc space-y-0.5">
        {errors.map((e, i) => (
          <li key={`${e.field}-${i}`}>
            <span className="font-semibold" title={e.field}>
              {fieldLabel(e.field)}
            </span>
            : {e.message}
          </li>
        ))}
      </ul>
    </Callout>
  );
}

export function errorsFor(errors: readonly FieldError[], prefix: string): string | undefined {
  return errors.find(
    (e) =>
      e.field === prefix || e.field.startsWith(`${prefix}.`) || e.field.startsWith(`${prefix}[`),
  )?.message;
}
