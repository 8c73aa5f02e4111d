import type { FieldError, PolicyRule } from '@gatehouse/policy';
import type { DiscoveredGroup } from '../../api/discovery.js';
import { Button } from '../../ui/Button.js';
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
    errors.filter((e) => e.field.startsWith(`rules[${i}]`)).map((e) => `${e.field}: ${e.message}`);
  return (
    <div className="space-y-3">
      {rules.length === 0 && (
        <p className="text-sm text-slate-500">No rules yet: a role without rules grants nothing.</p>
      )}
      {rules.map((rule, i) => (
        <RuleCard
          key={i}
          index={i}
          rule={rule}
          discovery={discovery}
          namespaced={namespaced}
          errors={errorsOf(i)}
          onChange={(r) => onChange(rules.map((x, j) => (j === i ? r : x)))}
          onRemove={() => onChange(rules.filter((_, j) => j !== i))}
        />
      ))}
      <Button
        onClick={() =>
          onChange([...rules, { apiGroups: [''], resources: [], verbs: ['get', 'list', 'watch'] }])
        }
      >
        Add rule
      </Button>
    </div>
  );
}
