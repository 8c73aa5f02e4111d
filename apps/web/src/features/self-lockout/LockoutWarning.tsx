import type { PolicyRule } from '@gatehouse/policy';
import { Callout } from '../../ui/Panel.js';
import { RulesTable } from '../../rbac/RulesTable.js';

/** Says what the acting person would lose and asks for an explicit acknowledgement. */
export function LockoutWarning({
  what,
  via,
  rules,
  acknowledged,
  onAcknowledge,
}: {
  what: string;
  via: string[];
  rules?: PolicyRule[];
  acknowledged: boolean;
  onAcknowledge: (v: boolean) => void;
}) {
  return (
    <div className="space-y-3">
      <Callout tone="warning" title="This may take away your own access">
        <p>
          You hold {what} yourself, through {via.join(', ')}. After this change you lose what it
          granted you, unless another of your bindings grants the same, and you may not be able to
          undo it.
        </p>
      </Callout>
      {rules && rules.length > 0 && (
        <details className="rounded-md border border-slate-200 dark:border-slate-700">
          <summary className="cursor-pointer px-3 py-2 text-sm font-medium">
            Permissions this change takes from you ({rules.length} rules)
          </summary>
          <RulesTable rules={rules} label="Permissions you would lose" />
        </details>
      )}
      <label className="flex items-center gap-2 text-sm font-medium">
        <input
          type="checkbox"
          checked={acknowledged}
          onChange={(e) => onAcknowledge(e.target.checked)}
          className="size-4"
        />
        I understand that I will lose this access
      </label>
    </div>
  );
}
