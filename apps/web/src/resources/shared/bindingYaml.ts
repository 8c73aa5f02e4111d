import { objectFromYaml } from '../../rbac/yamlText.js';
import { bindingSchema, type ObjectMeta, type Subject } from '../../api/rbacSchemas.js';
import { RBAC_GROUP } from '../../api/rbacKinds.js';
import type { RoleChoice } from '../../rbac/RolePicker.js';

export type BindingKind = 'ClusterRoleBinding' | 'RoleBinding';

export interface BindingDraft {
  name: string;
  role: RoleChoice;
  subjects: Subject[];
  /** Labels, annotations and anything else in metadata besides name and namespace. */
  metadata: Omit<ObjectMeta, 'name' | 'namespace'>;
}

export type BindingYamlParse = { ok: true; draft: BindingDraft } | { ok: false; error: string };

/** Reads the binding create page's YAML back into its fields; kind and namespace stay the page's. */
export function bindingFromYaml(
  text: string,
  kind: BindingKind,
  namespace: string | undefined,
): BindingYamlParse {
  const read = objectFromYaml(text, kind, bindingSchema);
  if (!read.ok) return read;
  const b = read.value;
  if ((b.metadata.namespace ?? namespace) !== namespace)
    return {
      ok: false,
      error: namespace
        ? `metadata.namespace must stay ${namespace}`
        : `a ${kind} has no metadata.namespace`,
    };
  if (b.roleRef.apiGroup !== RBAC_GROUP)
    return { ok: false, error: `roleRef.apiGroup must be ${RBAC_GROUP}` };
  const roleKind = b.roleRef.kind;
  if (roleKind !== 'ClusterRole' && !(roleKind === 'Role' && kind === 'RoleBinding'))
    return {
      ok: false,
      error:
        kind === 'RoleBinding'
          ? 'roleRef.kind must be ClusterRole or Role'
          : 'roleRef.kind must be ClusterRole',
    };
  const { name, namespace: _ns, ...metadata } = b.metadata;
  return {
    ok: true,
    draft: { name, role: { kind: roleKind, name: b.roleRef.name }, subjects: b.subjects, metadata },
  };
}
