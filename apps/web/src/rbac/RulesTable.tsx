import type { PolicyRule } from '@gatehouse/policy';
import { EmptyState } from '../ui/Panel.js';

function Chips({
  values,
  mono = false,
  empty = '—',
}: {
  values: readonly string[] | null | undefined;
  mono?: boolean;
  empty?: string;
}) {
  if (!values || values.length === 0)
    return <span className="text-slate-500 dark:text-slate-400">{empty}</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {values.map((v, i) => (
        <span
          key={`${v}-${i}`}
          className={`rounded px-1.5 py-0.5 text-xs ${v === '*' ? 'bg-amber-100 font-semibold text-amber-900 dark:bg-amber-900/50 dark:text-amber-200' : 'bg-slate-100 dark:bg-slate-800'} ${mono ? 'font-mono' : ''}`}
        >
          {v === '' ? 'core' : v}
        </span>
      ))}
    </span>
  );
}

/** A role's rules as people read them: one row per rule, wildcards highlighted. */
export function RulesTable({
  rules,
  label = 'Rules',
}: {
  rules: readonly PolicyRule[];
  label?: string;
}) {
  if (rules.length === 0)
    return <EmptyState title="No rules">This role grants nothing.</EmptyState>;
  return (
    // Focusable so a keyboard can scroll it sideways when the rules are wider than a small screen.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={`${label}, scrollable`}>
      <table className="w-full border-collapse text-sm" aria-label={label}>
        <thead>
          <tr className="text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-300">
            <th scope="col" className="border-b border-slate-200 px-3 py-2 dark:border-slate-700">
              API groups
            </th>
            <th scope="col" className="border-b border-slate-200 px-3 py-2 dark:border-slate-700">
              Resources
            </th>
            <th scope="col" className="border-b border-slate-200 px-3 py-2 dark:border-slate-700">
              Verbs
            </th>
            <th scope="col" className="border-b border-slate-200 px-3 py-2 dark:border-slate-700">
              Resource names
            </th>
            <th scope="col" className="border-b border-slate-200 px-3 py-2 dark:border-slate-700">
              Non-resource URLs
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r, i) => (
            <tr key={i} className="border-b border-slate-100 align-top dark:border-slate-800">
              <td className="px-3 py-2">
                <Chips values={r.nonResourceURLs?.length ? undefined : r.apiGroups} />
              </td>
              <td className="px-3 py-2">
                <Chips values={r.resources} mono />
              </td>
              <td className="px-3 py-2">
                <Chips values={r.verbs} />
              </td>
              <td className="px-3 py-2">
                <Chips values={r.resourceNames} mono empty="any" />
              </td>
              <td className="px-3 py-2">
                <Chips values={r.nonResourceURLs} mono />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
