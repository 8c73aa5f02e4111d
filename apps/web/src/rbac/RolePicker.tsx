import { useId } from 'react';
import { useRbacList } from '../api/rbac.js';
import { RBAC_GROUP } from '../api/rbacKinds.js';
import { useCluster } from '../app/cluster.js';
import { decide } from '../access/capabilities.js';

export interface RoleChoice {
  kind: 'ClusterRole' | 'Role';
  name: string;
}

const field =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900';

/** Picks the role a binding grants; suggests the roles the user can see, accepts any name. */
export function RolePicker({
  value,
  onChange,
  namespace,
  allowRole,
  error,
}: {
  value: RoleChoice;
  onChange: (v: RoleChoice) => void;
  namespace?: string;
  allowRole: boolean;
  error?: string;
}) {
  const { cluster } = useCluster();
  const listId = useId();
  const canListCr =
    decide(cluster.capabilities, {
      verb: 'list',
      apiGroup: RBAC_GROUP,
      resource: 'clusterroles',
    }) === 'allowed';
  const canListRoles =
    allowRole &&
    decide(cluster.capabilities, {
      verb: 'list',
      apiGroup: RBAC_GROUP,
      resource: 'roles',
      namespace,
    }) === 'allowed';
  const clusterRoles = useRbacList(
    cluster.id,
    'ClusterRole',
    undefined,
    canListCr && value.kind === 'ClusterRole',
  );
  const roles = useRbacList(cluster.id, 'Role', namespace, canListRoles && value.kind === 'Role');
  const names = (
    (value.kind === 'ClusterRole' ? clusterRoles.data?.items : roles.data?.items) ?? []
  )
    .map((r) => r.metadata.name)
    .sort();
  return (
    <div className="flex flex-wrap gap-3">
      <label className="w-40 text-xs font-medium">
        Role kind
        <select
          value={value.kind}
          disabled={!allowRole}
          onChange={(e) =>
            onChange({ kind: e.target.value === 'Role' ? 'Role' : 'ClusterRole', name: '' })
          }
          className={field}
        >
          <option value="ClusterRole">ClusterRole</option>
          {allowRole && <option value="Role">Role</option>}
        </select>
      </label>
      <label className="w-80 text-xs font-medium">
        Role name
        <input
          list={listId}
          value={value.name}
          onChange={(e) => onChange({ ...value, name: e.target.value })}
          className={field}
          aria-invalid={Boolean(error)}
          placeholder="Start typing to search"
          autoComplete="off"
        />
        <datalist id={listId}>
          {names.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        {error && <span className="mt-1 block text-red-600">{error}</span>}
      </label>
    </div>
  );
}
