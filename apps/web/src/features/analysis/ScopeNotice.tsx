import { Callout } from '../../ui/Panel.js';
import type { AnalysisScope } from './api.js';

const kindNames: Record<string, string> = {
  clusterroles: 'ClusterRoles',
  clusterrolebindings: 'ClusterRoleBindings',
  roles: 'Roles',
  rolebindings: 'RoleBindings',
  namespaces: 'Namespaces',
};

function names(list: readonly string[]): string {
  return list.join(', ');
}

/**
 * The "partial" label of an answer computed from only the RBAC objects the signed-in user may read:
 * what was analysed, what could not be read and why. Nothing for a complete answer.
 */
export function ScopeNotice({
  scope,
  denied = false,
}: {
  scope: AnalysisScope;
  /** The answer is a Denied: say it may be incomplete. */
  denied?: boolean;
}) {
  if (scope.complete) return null;
  const lists = scope.missing.map((m) => kindNames[m.resource] ?? m.resource);
  const crbUnread = scope.missing.some((m) => m.resource === 'clusterrolebindings');
  return (
    <Callout tone="warning" title="Partial analysis: computed from the RBAC objects you may read">
      <ul className="list-disc space-y-1 pl-5" aria-label="What was analysed">
        <li>
          Analysed:{' '}
          {scope.namespaces === 'all' ? (
            'the Roles and RoleBindings of every namespace'
          ) : scope.namespaces.length === 0 ? (
            'no namespace’s Roles and RoleBindings'
          ) : (
            <>
              the Roles and RoleBindings of{' '}
              <span className="font-mono">{names(scope.namespaces)}</span>
            </>
          )}
          {crbUnread ? '.' : ', and the ClusterRoleBindings.'}
        </li>
        {crbUnread && (
          <li>
            Not read: ClusterRoleBindings. Grants that apply across the cluster are missing from
            this answer.
          </li>
        )}
        {scope.unreadableRoles.length > 0 && (
          <li>
            Not read: ClusterRole{scope.unreadableRoles.length === 1 ? '' : 's'}{' '}
            <span className="font-mono">{names(scope.unreadableRoles)}</span>, which bindings you
            can read refer to. You may not get {scope.unreadableRoles.length === 1 ? 'it' : 'them'},
            so what those bindings grant is not shown.
          </li>
        )}
        {lists.length > 0 && <li>Why: you may not list {names(lists)} in all namespaces.</li>}
      </ul>
      {denied && (
        <p className="mt-2 font-medium">
          This Denied may be incomplete: access can come from objects that could not be read.
        </p>
      )}
    </Callout>
  );
}
