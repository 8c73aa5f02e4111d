import type { PolicyRule } from '@gatehouse/policy';
import type { DiscoveredGroup } from '../../api/discovery.js';
import { TokenInput } from './TokenInput.js';
import { groupLabel, resourceSuggestions, verbSuggestions } from './ruleSuggestions.js';

export type RuleKind = 'resource' | 'nonResource';

/** A rule with a nonResourceURLs list (even empty, while being filled in) and no resource fields is about URLs. */
export function ruleKindOf(rule: PolicyRule): RuleKind {
  const hasResourceFields = (rule.resources?.length ?? 0) > 0 || (rule.apiGroups?.length ?? 0) > 0;
  return Array.isArray(rule.nonResourceURLs) && !hasResourceFields ? 'nonResource' : 'resource';
}

/** One PolicyRule: API groups → resources → verbs (or URLs → verbs), fed by the cluster's discovery. */
export function RuleCard({
  index,
  rule,
  onChange,
  onRemove,
  discovery,
  namespaced,
  errors,
}: {
  index: number;
  rule: PolicyRule;
  onChange: (r: PolicyRule) => void;
  onRemove: () => void;
  discovery: DiscoveredGroup[];
  namespaced: boolean;
  errors: string[];
}) {
  const kind = ruleKindOf(rule);
  const groups = rule.apiGroups ?? [];
  const resources = rule.resources ?? [];
  const verbs = verbSuggestions(discovery, groups, resources);
  const title = `Rule ${index + 1}`;
  const setKind = (next: RuleKind) =>
    onChange(
      next === 'resource'
        ? { verbs: rule.verbs, apiGroups: [''], resources: [] }
        : {
            verbs: rule.verbs.filter((v) =>
              ['get', 'post', 'put', 'patch', 'delete', 'head', '*'].includes(v),
            ),
            nonResourceURLs: [],
          },
    );
  const toggleVerb = (v: string) =>
    onChange({
      ...rule,
      verbs: rule.verbs.includes(v) ? rule.verbs.filter((x) => x !== v) : [...rule.verbs, v],
    });
  const verbChoices =
    kind === 'resource' ? ['*', ...verbs] : ['*', 'get', 'post', 'put', 'patch', 'delete', 'head'];

  return (
    <fieldset className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-700 dark:bg-slate-900">
      <legend className="sr-only">{title}</legend>
      <div className="mb-3 flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold" aria-hidden="true">
          {title}
        </h3>
        <div className="flex items-center gap-2">
          {!namespaced && (
            <label className="text-xs">
              <span className="sr-only">{title} applies to</span>
              <select
                value={kind}
                onChange={(e) =>
                  setKind(e.target.value === 'nonResource' ? 'nonResource' : 'resource')
                }
                className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-900"
              >
                <option value="resource">Resources</option>
                <option value="nonResource">Non-resource URLs</option>
              </select>
            </label>
          )}
          <button
            type="button"
            onClick={onRemove}
            className="rounded px-2 py-1 text-xs text-red-700 hover:bg-red-50 dark:text-red-300 dark:hover:bg-red-950"
            aria-label={`Remove ${title}`}
          >
            Remove
          </button>
        </div>
      </div>
      <div className="grid gap-3 md:grid-cols-2">
        {kind === 'resource' ? (
          <>
            <TokenInput
              srPrefix={title}
              label="API groups"
              values={groups}
              onChange={(v) => onChange({ ...rule, apiGroups: v })}
              suggestions={['*', ...discovery.map((g) => g.group).filter(Boolean)]}
              placeholder="core, apps, * …"
              format={(g) => (g === '' ? groupLabel(g) : g)}
            />
            <TokenInput
              srPrefix={title}
              label="Resources"
              values={resources}
              onChange={(v) => onChange({ ...rule, resources: v })}
              suggestions={['*', ...resourceSuggestions(discovery, groups, namespaced)]}
              placeholder="pods, pods/log, */scale …"
            />
            <TokenInput
              srPrefix={title}
              label="Resource names (optional)"
              values={rule.resourceNames ?? []}
              onChange={(v) => onChange({ ...rule, resourceNames: v.length ? v : undefined })}
              placeholder="Leave empty for all names"
            />
          </>
        ) : (
          <TokenInput
            srPrefix={title}
            label="Non-resource URLs"
            values={rule.nonResourceURLs ?? []}
            onChange={(v) => onChange({ ...rule, nonResourceURLs: v })}
            suggestions={[
              '/healthz',
              '/healthz/*',
              '/metrics',
              '/version',
              '/api',
              '/apis',
              '/apis/*',
              '*',
            ]}
            placeholder="/metrics, /healthz/* …"
          />
        )}
      </div>
      <div className="mt-3" role="group" aria-label={`${title} verbs`}>
        <p className="text-xs font-medium">Verbs</p>
        <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1.5">
          {verbChoices.map((v) => (
            <label key={v} className="flex items-center gap-1.5 font-mono text-xs">
              <input
                type="checkbox"
                checked={rule.verbs.includes(v)}
                onChange={() => toggleVerb(v)}
                className="size-3.5"
              />
              {v}
            </label>
          ))}
        </div>
      </div>
      {errors.length > 0 && (
        <ul className="mt-3 list-inside list-disc text-xs text-red-600 dark:text-red-400">
          {errors.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
