// Writes to the four RBAC kinds: escalation prevention (policybased storage) and RBAC validation.
import { validateRbacObject, type RbacObject } from '@gatehouse/policy';
import type { Registry } from '../registry.js';
import type { KObject } from '../object.js';
import { ApiError, forbidden } from '../status.js';
import { RBAC_GROUP, type ClusterAuthorizer } from './authorizer.js';

const KINDS = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];

function asRbac(o: KObject): RbacObject {
  return o as unknown as RbacObject;
}

export function installRbacAdmission(registry: Registry, authz: ClusterAuthorizer): void {
  for (const plural of ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings']) {
    registry.validators.set(
      `${RBAC_GROUP}/${plural}`,
      (obj, old) => validateRbacObject(obj, old).errors,
    );
  }
  registry.admissions.push((op, t, obj, old, user) => {
    if (t.group !== RBAC_GROUP || !KINDS.includes(t.kind) || op === 'delete' || !user) return;
    const check = authz.rbac().checkWrite(user, op, asRbac(obj), old ? asRbac(old) : undefined);
    if (check.allowed) return;
    if (check.notFound) {
      // As the API server does: NotFound names the binding resource with the role's name.
      const roleName = String((obj.roleRef as { name?: unknown } | undefined)?.name ?? '');
      throw new ApiError(404, 'NotFound', check.reason, {
        name: roleName,
        group: RBAC_GROUP,
        kind: t.plural,
      });
    }
    throw forbidden(t, obj.metadata.name, check.reason);
  });
}
