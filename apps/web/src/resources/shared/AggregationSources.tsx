import { Link } from 'react-router';
import type { RoleObject } from '../../api/rbacSchemas.js';
import { useRbacList } from '../../api/rbac.js';
import { useCluster } from '../../app/cluster.js';
import { EmptyState } from '../../ui/Panel.js';
import { QueryState } from '../../ui/QueryState.js';
import { RulesTable } from '../../rbac/RulesTable.js';
import { aggregationSources } from '../../rbac/roleTraits.js';
import { kindPaths } from '../../rbac/kindPaths.js';

function selectorText(role: RoleObject): string[] {
  return (role.aggregationRule?.clusterRoleSelectors ?? []).map((s) =>
    [
      ...Object.entries(s.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`),
      ...(s.matchExpressions ?? []).map((e) =>
        `${e.key} ${e.operator} ${(e.values ?? []).join(',')}`.trim(),
      ),
    ].join(', '),
  );
}

/** Which ClusterRoles contributed which rules to an aggregated ClusterRole. */
export function AggregationSources({ role }: { role: RoleObject }) {
  const { cluster } = useCluster();
  const all = useRbacList(cluster.id, 'ClusterRole', undefined);
  const sources = aggregationSources(role, (all.data?.items ?? []) as RoleObject[]);
  return (
    <div className="space-y-4">
      <div className="text-sm">
        <p className="font-medium">Selectors</p>
        <ul className="mt-1 list-inside list-disc font-mono text-xs">
          {selectorText(role).map((s, i) => (
            <li key={i}>{s || '(empty selector)'}</li>
          ))}
        </ul>
      </div>
      <QueryState query={all} what="ClusterRoles">
        {sources.length === 0 ? (
          <EmptyState title="No ClusterRole matches these selectors yet" />
        ) : (
          sources.map((s) => (
            <section
              key={s.metadata.name}
              aria-label={`Rules from ${s.metadata.name}`}
              className="rounded-md border border-slate-200 dark:border-slate-800"
            >
              <h3 className="border-b border-slate-200 px-3 py-2 text-sm font-medium dark:border-slate-800">
                <Link
                  className="text-brand-700 hover:underline dark:text-indigo-300"
                  to={kindPaths.detail(cluster.id, 'ClusterRole', undefined, s.metadata.name)}
                >
                  {s.metadata.name}
                </Link>
                <span className="ml-2 text-xs text-slate-500">{s.rules.length} rules</span>
              </h3>
              <RulesTable rules={s.rules} label={`Rules from ${s.metadata.name}`} />
            </section>
          ))
        )}
      </QueryState>
    </div>
  );
}
