import { useEffect, useRef } from 'react';
import type { FieldError, PolicyRule } from '@gatehouse/policy';
import type { DiscoveredGroup } from '../../api/discovery.js';
import { Button } from '../../ui/Button.js';
import { fieldLabel } from '../../ui/fieldLabel.js';
import { RuleCard } from './RuleCard.js';

/** Edits a role's rules as cards; validation errors land on the rule they belong to. */
export function RuleEditor({
  rules,
  onChange,
  discovery,
  namespaced,
  errors,
}: {
  rules: PolicyRule[];
  onChange: (r: PolicyRule[]) => void;
  discovery: DiscoveredGroup[];
  namespaced: boolean;
  errors: readonly FieldError[];
}) {
  const errorsOf = (i: number) =>
    errors
      .filter((e) => e.field === `rules[${i}]` || e.field.startsWith(`rules[${i}].`))
      .map((e) => `${fieldLabel(e.field)}: ${e.message}`);
  // After "Add rule", focus moves into the new rule (its first field), so a keyboard user goes on
  // typing there instead of finding their way back up from the button.
  const list = useRef<HTMLDivElement>(null);
  const added = useRef<number | null>(null);
  useEffect(() => {
    if (added.current === null) return;
    const card = list.current?.querySelector(`[data-rule="${added.current}"]`);
    const first =
      card?.querySelector<HTMLElement>('input:not([type="checkbox"])') ??
      card?.querySelector<HTMLElement>('input, select, textarea, button');
    first?.focus();
    added.current = null;
  }, [rules.length]);
  return (
    <div className="space-y-3" ref={list}>
      {rules.length === 0 && (
        <p className="text-sm text-slate-500">No rules yet: a role without rules grants nothing.</p>
      )}
      {rules.map((rule, i) => (
        <div key={i} data-rule={i}>
          <RuleCard
            index={i}
            rule={rule}
            discovery={discovery}
            namespaced={namespaced}
            errors={errorsOf(i)}
            onChange={(r) => onChange(rules.map((x, j) => (j === i ? r : x)))}
            onRemove={() => onChange(rules.filter((_, j) => j !== i))}
          />
        </div>
      ))}
      <Button
        onClick={() => {
          onChange([...rules, { apiGroups: [''], resources: [], verbs: ['get', 'list', 'watch'] }]);
          added.current = rules.length;
        }}
      >
        Add rule
      </Button>
    </div>
  );
}
