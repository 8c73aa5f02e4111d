import type { FieldError } from '@gatehouse/policy';
import { FieldErrors } from '../ui/FieldErrors.js';
import { LazyYamlView } from './LazyYamlView.js';

/**
 * The YAML tab of a create/edit form: the editor, then one line on what the text is — not applied
 * (it does not parse as this kind), valid (the form follows as you type), or the fields still wrong.
 */
export function YamlEditTab({
  kind,
  value,
  onChange,
  parseError,
  valid,
  errors,
  height,
}: {
  kind: string;
  value: string;
  onChange: (text: string) => void;
  /** Why the last text was not applied to the form; null when it was. */
  parseError: string | null;
  valid: boolean;
  errors: readonly FieldError[];
  height: string;
}) {
  return (
    <div className="space-y-2">
      <LazyYamlView value={value} onChange={onChange} label={`YAML of ${kind}`} height={height} />
      {parseError ? (
        <p role="alert" className="text-sm text-red-600">
          YAML not applied: {parseError}
        </p>
      ) : valid ? (
        <p className="text-xs text-slate-500">
          Valid {kind}. Changes here update the form as you type.
        </p>
      ) : (
        <FieldErrors errors={errors} title={`Not yet a valid ${kind}`} />
      )}
    </div>
  );
}
