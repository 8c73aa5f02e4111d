import type { PolicyRule } from '@gatehouse/policy';
import type { DiscoveredGroup } from '../../api/discovery.js';
import { TokenInput } from './TokenInput.js';
import {
  groupLabel,
  resourceSuggestions,
  ruleNameWarnings,
  verbSuggestions,
} from './ruleSuggestions.js';

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
  const offered =
    kind === 'resource' ? ['*', ...verbs] : ['*', 'get', 'post', 'put', 'patch', 'delete', 'head'];
  // A verb already in the rule stays visible (so it can be unticked) even if discovery does not list it.
  const unlisted = rule.verbs.filter((v) => !offered.includes(v));
  const verbChoices = [...offered, ...unlisted];
  const warnings = kind === 'resource' ? ruleNameWarnings(discovery, groups, resources) : [];
  const replace = (field: 'apiGroups' | 'resources', from: string, to: string) => {
    const current = field === 'apiGroups' ? groups : resources;
    const next = current.includes(to)
      ? current.filter((x) => x !== from)
      : current.map((x) => (x === from ? to : x));
    onChange({ ...rule, [field]: next });
  };

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
            <span key={v} className="flex items-center gap-1 text-xs">
              <label className="flex items-center gap-1.5 font-mono">
                <input
                  type="checkbox"
                  checked={rule.verbs.includes(v)}
                  onChange={() => toggleVerb(v)}
                  className="size-3.5"
                />
                {v}
              </label>
              {unlisted.includes(v) && (
                <span className="text-amber-700 dark:text-amber-400">
                  (not listed by discovery)
                </span>
              )}
            </span>
          ))}
        </div>
      </div>
      {warnings.length > 0 && (
        <ul
          aria-label={`${title} names the cluster does not serve`}
          className="mt-3 space-y-1 rounded-md border border-amber-300 bg-amber-50 p-2 text-xs text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200"
        >
          {warnings.map((w) => (
            <li
              key={`${w.field}:${w.value}`}
              className="flex flex-wrap items-center gap-x-2 gap-y-1"
            >
              <span>{w.message}</span>
              {w.suggestions.length > 0 && <span>Did you mean</span>}
              {w.suggestions.map((s) => (
                <button
                  key={s}
                  type="button"
                  onClick={() => replace(w.field, w.value, s)}
                  aria-label={`${title}: use ${w.field === 'apiGroups' ? 'API group' : 'resource'} ${s} instead of ${w.value}`}
                  className="rounded border border-amber-400 bg-white px-1.5 py-0.5 font-mono hover:bg-amber-100 dark:border-amber-600 dark:bg-slate-900 dark:hover:bg-amber-900"
                >
                  {s}
                </button>
              ))}
              <span className="text-amber-700 dark:text-amber-400">
                Saving is still allowed: RBAC may name what is not served yet.
              </span>
            </li>
          ))}
        </ul>
      )}
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
