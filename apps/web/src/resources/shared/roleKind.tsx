// ClusterRole and Role draw alike: rules, aggregation, who is bound. Their descriptors start here.
import { RoleBadges } from '../../rbac/RoleBadges.js';
import { RulesTable } from '../../rbac/RulesTable.js';
import { isAggregated, isBuiltIn } from '../../rbac/roleTraits.js';
import { Callout } from '../../ui/Panel.js';
import { RoleEditorView } from '../../features/role-editor/RoleEditorView.js';
import type { KindDescriptor, KindEntry } from '../kind.js';
import { AggregationSources } from './AggregationSources.js';
import { BoundSubjects } from './BoundSubjects.js';

type RoleKind = 'ClusterRole' | 'Role';

export function roleDescriptor<K extends RoleKind>(
  entry: KindEntry<K>,
  description: (namespace: string | undefined) => string,
): KindDescriptor<K> {
  const { kind } = entry;
  return {
    entry,
    list: {
      description,
      nameClassName: 'md:w-[40%]',
      namespaceClassName: 'hidden md:table-cell',
      nameBadges: (r) => (
        <span className="flex min-w-0 gap-1 overflow-hidden">
          <RoleBadges role={r} />
        </span>
      ),
      columns: () => [
        {
          id: 'rules',
          header: 'Rules',
          className: 'w-20 sm:w-24',
          sortValue: (r) => r.rules.length,
          cell: (r) => r.rules.length,
        },
        {
          id: 'labels',
          header: 'Labels',
          // Labels need room; on small screens the label filter still finds them.
          className: 'hidden md:table-cell',
          cell: (r) => (
            <span className="text-xs text-slate-500 dark:text-slate-400">
              {Object.entries(r.metadata.labels ?? {})
                .map(([k, v]) => `${k}=${v}`)
                .join(', ') || '—'}
            </span>
          ),
        },
      ],
      show: [
        { value: 'all', label: 'All', keep: () => true },
        { value: 'custom', label: 'Custom only', keep: (r) => !isBuiltIn(r.metadata) },
        { value: 'builtin', label: 'Built-in only', keep: (r) => isBuiltIn(r.metadata) },
        { value: 'aggregated', label: 'Aggregated only', keep: (r) => isAggregated(r) },
      ],
    },
    detail: {
      firstTab: 'rules',
      badges: (role) => <RoleBadges role={role} />,
      tabs: (role, { name, namespace }) => [
        {
          id: 'rules',
          label: `Rules (${role.rules.length})`,
          content: (
            <div className="space-y-3">
              {isAggregated(role) && (
                <Callout tone="info" title="Managed by the aggregation controller">
                  These rules are collected from the ClusterRoles that match this role’s aggregation
                  selectors; edit those roles, not this one.
                </Callout>
              )}
              <RulesTable rules={role.rules} />
            </div>
          ),
        },
        ...(isAggregated(role)
          ? [
              {
                id: 'aggregation',
                label: 'Aggregated from',
                content: <AggregationSources role={role} />,
              },
            ]
          : []),
        {
          id: 'bindings',
          label: 'Bindings',
          content: <BoundSubjects roleKind={kind} roleName={name} namespace={namespace} />,
        },
      ],
    },
    Form: ({ namespace, edit, from }) => (
      <RoleEditorView kind={kind} namespace={namespace} edit={edit} from={from} />
    ),
  };
}
