import type { FieldError } from '@gatehouse/policy';
import { Callout } from './Panel.js';

/** Validation problems as the API server would report them, field path first. */
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
            <code className="font-semibold">{e.field}</code>: {e.message}
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
