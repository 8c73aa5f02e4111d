import { objectFromYaml } from '../../rbac/yamlText.js';
import type { RoleObject } from '../../api/rbacSchemas.js';
import { roleSchema } from '../../api/rbacSchemas.js';
import { RBAC_API_VERSION } from '../../api/rbacKinds.js';
import { BOOTSTRAP_LABEL } from '../../rbac/roleTraits.js';

export type RoleKind = 'ClusterRole' | 'Role';

export function emptyDraft(kind: RoleKind, namespace: string | undefined): RoleObject {
  return {
    apiVersion: RBAC_API_VERSION,
    kind,
    metadata: { name: '', ...(kind === 'Role' && namespace ? { namespace } : {}) },
    rules: [],
  };
}

/**
 * A new role with another role's rules. Server-owned fields go; the bootstrap label goes (the
 * copy is not built-in); an aggregationRule goes too, so the copy keeps today's rules as a snapshot.
 */
export function cloneDraft(
  source: RoleObject,
  kind: RoleKind,
  namespace: string | undefined,
): RoleObject {
  const labels = Object.fromEntries(
    Object.entries(source.metadata.labels ?? {}).filter(([k]) => k !== BOOTSTRAP_LABEL),
  );
  return {
    apiVersion: RBAC_API_VERSION,
    kind,
    metadata: {
      name: `${source.metadata.name}-copy`,
      ...(kind === 'Role' && namespace ? { namespace } : {}),
      ...(Object.keys(labels).length ? { labels } : {}),
    },
    rules: structuredClone(source.rules),
  };
}

/** The object as last read, for editing: keeps resourceVersion so a stale save gets 409. */
export function editDraft(source: RoleObject, kind: RoleKind): RoleObject {
  const copy = structuredClone(source);
  delete copy.metadata.managedFields;
  return { ...copy, apiVersion: RBAC_API_VERSION, kind };
}

export type YamlParse = { ok: true; draft: RoleObject } | { ok: false; error: string };

/** Reads the YAML editor's text back into a draft; the kind, namespace and name stay what the page is about. */
export function draftFromYaml(
  text: string,
  kind: RoleKind,
  fixed: { namespace?: string; name?: string },
): YamlParse {
  const read = objectFromYaml(text, kind, roleSchema);
  if (!read.ok) return read;
  const draft = read.value;
  if (fixed.name !== undefined && draft.metadata.name !== fixed.name)
    return { ok: false, error: `metadata.name must stay ${fixed.name}: rename by cloning instead` };
  if (kind === 'Role' && (draft.metadata.namespace ?? fixed.namespace) !== fixed.namespace)
    return { ok: false, error: `metadata.namespace must stay ${fixed.namespace ?? ''}` };
  return {
    ok: true,
    draft: {
      ...draft,
      apiVersion: RBAC_API_VERSION,
      kind,
      metadata: { ...draft.metadata, ...(kind === 'Role' ? { namespace: fixed.namespace } : {}) },
    },
  };
}
