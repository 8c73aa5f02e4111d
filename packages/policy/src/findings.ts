// RBAC findings for a risks page: risky grants by scope, wildcards, public bindings, unused roles and
// bindings whose role is missing — each with a severity and the fix a platform engineer would apply.
import type { Authorizer } from './authorizer.js';
import type { RiskyFinding, Severity } from './risky.js';
import type {
  ClusterRole,
  ClusterRoleBinding,
  ObjectMeta,
  RbacSnapshot,
  Role,
  RoleBinding,
  Subject,
} from './types.js';
import { labelSelectorMatcher } from './aggregate.js';

export type FindingSeverity = Severity | 'low';

export interface ObjectRef {
  kind: 'ClusterRole' | 'Role' | 'ClusterRoleBinding' | 'RoleBinding';
  name: string;
  /** Absent for cluster-scoped objects. */
  namespace?: string;
}

export interface RbacFinding {
  /** Stable key: check and object. */
  id: string;
  /** What was checked, e.g. `read-secrets`, `wildcard`, `public-binding`, `unused-role`, `missing-role`. */
  check: string;
  severity: FindingSeverity;
  title: string;
  why: string;
  fix: string;
  /** The binding or role the finding is about (where the fix is applied). */
  object: ObjectRef;
  /** The role that grants the permission, for findings on bindings. */
  role?: ObjectRef;
  subjects: Subject[];
  /** On Kubernetes' own default policy (label kubernetes.io/bootstrapping=rbac-defaults). */
  bootstrap: boolean;
}

const SEVERITY_ORDER: readonly FindingSeverity[] = ['critical', 'high', 'medium', 'low'];
const ANONYMOUS_USER = 'system:anonymous';
const UNAUTHENTICATED_GROUP = 'system:unauthenticated';

/** A grant held only inside one namespace is one level less severe than the same grant cluster-wide. */
function lower(severity: FindingSeverity): FindingSeverity {
  return SEVERITY_ORDER[Math.min(SEVERITY_ORDER.indexOf(severity) + 1, 3)] ?? 'low';
}

const FIXES: Record<string, string> = {
  'full-authority':
    'Bind a role listing only the verbs and resources needed instead of a wildcard role.',
  'escalate-clusterroles':
    'Remove the escalate verb; let people edit roles only with permissions they hold.',
  'escalate-roles':
    'Remove the escalate verb; let people edit roles only with permissions they hold.',
  'bind-clusterroles': 'Limit bind to the named roles people may hand out (resourceNames).',
  'impersonate-users': 'Restrict impersonation to named users (resourceNames) or remove it.',
  'impersonate-groups': 'Restrict impersonation to named groups (resourceNames) or remove it.',
  'impersonate-serviceaccounts': 'Restrict impersonation to named ServiceAccounts or remove it.',
  'create-tokens':
    'Grant serviceaccounts/token only for the ServiceAccounts that need it (resourceNames).',
  'read-secrets':
    'Grant get on Secrets in the namespaces that need them, with resourceNames where possible.',
  'list-secrets': 'Replace list/watch on Secrets with get on named Secrets.',
  'exec-pods': 'Remove pods/exec outside break-glass roles; use logs and debugging tools instead.',
  'create-pods':
    'Do not let people create Pods in kube-system; deploy system workloads through a pipeline.',
  'nodes-proxy': 'Remove nodes/proxy; it bypasses audit and admission.',
  'admission-webhooks':
    'Only cluster administrators should write admission webhook configurations.',
  'approve-csr': 'Only the controller manager and administrators should approve CSRs.',
};

function isBootstrap(meta: ObjectMeta): boolean {
  return meta.labels?.['kubernetes.io/bootstrapping'] === 'rbac-defaults';
}

function key(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

function bindingRef(b: {
  bindingKind: string;
  bindingName: string;
  bindingNamespace: string;
}): ObjectRef {
  return b.bindingKind === 'ClusterRoleBinding'
    ? { kind: 'ClusterRoleBinding', name: b.bindingName }
    : { kind: 'RoleBinding', name: b.bindingName, namespace: b.bindingNamespace };
}

/** Risky grants, one finding per permission and binding with all its subjects. */
function riskyGrantFindings(
  risky: readonly RiskyFinding[],
  bootstrapBindings: ReadonlySet<string>,
): RbacFinding[] {
  const byKey = new Map<string, RbacFinding>();
  for (const f of risky) {
    const p = f.permission;
    const clusterWide = f.bindingKind === 'ClusterRoleBinding';
    // Creating Pods is only worth a finding where Pods run with powerful identities.
    if (p.id === 'create-pods' && !clusterWide && f.bindingNamespace !== 'kube-system') continue;
    const object = bindingRef(f);
    const id = `${p.id}:${key(object.kind, object.namespace, object.name)}`;
    let finding = byKey.get(id);
    if (!finding) {
      const where = clusterWide ? 'in every namespace' : `in namespace ${f.bindingNamespace}`;
      finding = {
        id,
        check: p.id,
        severity: clusterWide ? p.severity : lower(p.severity),
        title: `${p.title} ${p.clusterScoped ? 'cluster-wide' : where}`,
        why: p.why,
        fix: FIXES[p.id] ?? 'Grant a narrower role.',
        object,
        role:
          f.roleKind === 'Role'
            ? { kind: 'Role', name: f.roleName, namespace: f.bindingNamespace }
            : { kind: 'ClusterRole', name: f.roleName },
        subjects: [],
        bootstrap: bootstrapBindings.has(key(object.kind, object.namespace, object.name)),
      };
      byKey.set(id, finding);
    }
    finding.subjects.push(
      f.subjectNamespace ? { ...f.subject, namespace: f.subjectNamespace } : f.subject,
    );
  }
  return [...byKey.values()];
}

function wildcardFindings(
  roles: readonly (ClusterRole | Role)[],
  kind: 'ClusterRole' | 'Role',
): RbacFinding[] {
  const out: RbacFinding[] = [];
  for (const r of roles) {
    const wild = (r.rules ?? []).some(
      (rule) =>
        rule.verbs.includes('*') ||
        (rule.resources ?? []).includes('*') ||
        (rule.apiGroups ?? []).includes('*'),
    );
    if (!wild) continue;
    const object: ObjectRef = {
      kind,
      name: r.metadata.name ?? '',
      ...(kind === 'Role' ? { namespace: r.metadata.namespace } : {}),
    };
    out.push({
      id: `wildcard:${key(kind, object.namespace, object.name)}`,
      check: 'wildcard',
      severity: 'medium',
      title: 'Wildcard verbs, resources or API groups',
      why: 'A wildcard also grants every resource and verb added to the cluster later, CRDs included.',
      fix: 'List the verbs, API groups and resources explicitly.',
      object,
      subjects: [],
      bootstrap: isBootstrap(r.metadata),
    });
  }
  return out;
}

function publicBindingFindings(
  bindings: readonly (ClusterRoleBinding | RoleBinding)[],
  kind: 'ClusterRoleBinding' | 'RoleBinding',
): RbacFinding[] {
  const out: RbacFinding[] = [];
  for (const b of bindings) {
    const subjects = (b.subjects ?? []).filter(
      (s) =>
        (s.kind === 'User' && s.name === ANONYMOUS_USER) ||
        (s.kind === 'Group' && s.name === UNAUTHENTICATED_GROUP),
    );
    if (subjects.length === 0) continue;
    const object: ObjectRef = {
      kind,
      name: b.metadata.name ?? '',
      ...(kind === 'RoleBinding' ? { namespace: b.metadata.namespace } : {}),
    };
    out.push({
      id: `public-binding:${key(kind, object.namespace, object.name)}`,
      check: 'public-binding',
      severity: kind === 'ClusterRoleBinding' ? 'high' : 'medium',
      title: 'Bound to unauthenticated requests',
      why: 'Anyone who can reach the API server gets this role without credentials.',
      fix: `Remove ${subjects.map((s) => s.name).join(' and ')} from the subjects, or bind system:authenticated if every signed-in identity needs it.`,
      object,
      role:
        b.roleRef.kind === 'Role'
          ? { kind: 'Role', name: b.roleRef.name, namespace: b.metadata.namespace }
          : { kind: 'ClusterRole', name: b.roleRef.name },
      subjects,
      bootstrap: isBootstrap(b.metadata),
    });
  }
  return out;
}

/** Roles no binding refers to; ClusterRoles that feed an aggregated role count as used. */
function unusedRoleFindings(snapshot: RbacSnapshot): RbacFinding[] {
  const referenced = new Set<string>();
  for (const b of snapshot.clusterRoleBindings)
    referenced.add(key(b.roleRef.kind, undefined, b.roleRef.name));
  for (const b of snapshot.roleBindings)
    referenced.add(
      b.roleRef.kind === 'Role'
        ? key('Role', b.metadata.namespace, b.roleRef.name)
        : key('ClusterRole', undefined, b.roleRef.name),
    );
  const selectors = snapshot.clusterRoles.flatMap((cr) =>
    (cr.aggregationRule?.clusterRoleSelectors ?? []).flatMap((sel) => {
      const matches = labelSelectorMatcher(sel);
      return matches ? [matches] : [];
    }),
  );
  const out: RbacFinding[] = [];
  const unused = (kind: 'ClusterRole' | 'Role', r: ClusterRole | Role) => {
    const object: ObjectRef = {
      kind,
      name: r.metadata.name ?? '',
      ...(kind === 'Role' ? { namespace: r.metadata.namespace } : {}),
    };
    out.push({
      id: `unused-role:${key(kind, object.namespace, object.name)}`,
      check: 'unused-role',
      severity: 'low',
      title: `${kind} is not bound`,
      why: 'Unused roles clutter reviews, and a later binding may hand out permissions nobody re-examined.',
      fix: `Delete the ${kind} if nothing will bind it.`,
      object,
      subjects: [],
      bootstrap: isBootstrap(r.metadata),
    });
  };
  for (const cr of snapshot.clusterRoles) {
    if (referenced.has(key('ClusterRole', undefined, cr.metadata.name ?? ''))) continue;
    const labels = cr.metadata.labels ?? {};
    if (selectors.some((matches) => matches(labels))) continue;
    unused('ClusterRole', cr);
  }
  for (const r of snapshot.roles)
    if (!referenced.has(key('Role', r.metadata.namespace, r.metadata.name ?? '')))
      unused('Role', r);
  return out;
}

function missingRoleFindings(snapshot: RbacSnapshot): RbacFinding[] {
  const clusterRoles = new Set(snapshot.clusterRoles.map((r) => r.metadata.name));
  const roles = new Set(
    snapshot.roles.map((r) => key('Role', r.metadata.namespace, r.metadata.name ?? '')),
  );
  const out: RbacFinding[] = [];
  const check = (
    kind: 'ClusterRoleBinding' | 'RoleBinding',
    b: ClusterRoleBinding | RoleBinding,
  ) => {
    const ns = kind === 'RoleBinding' ? b.metadata.namespace : undefined;
    const exists =
      b.roleRef.kind === 'ClusterRole'
        ? clusterRoles.has(b.roleRef.name)
        : b.roleRef.kind === 'Role' &&
          ns !== undefined &&
          roles.has(key('Role', ns, b.roleRef.name));
    if (exists) return;
    const object: ObjectRef = {
      kind,
      name: b.metadata.name ?? '',
      ...(ns ? { namespace: ns } : {}),
    };
    out.push({
      id: `missing-role:${key(kind, ns, object.name)}`,
      check: 'missing-role',
      severity: 'medium',
      title: `Bound to missing ${b.roleRef.kind} ${b.roleRef.name}`,
      why: 'The binding grants nothing today, but whoever later creates a role with that name grants it to these subjects.',
      fix: `Delete the binding, or create the ${b.roleRef.kind} it means to grant.`,
      object,
      role:
        b.roleRef.kind === 'Role'
          ? { kind: 'Role', name: b.roleRef.name, ...(ns ? { namespace: ns } : {}) }
          : { kind: 'ClusterRole', name: b.roleRef.name },
      subjects: b.subjects ?? [],
      bootstrap: isBootstrap(b.metadata),
    });
  };
  for (const b of snapshot.clusterRoleBindings) check('ClusterRoleBinding', b);
  for (const b of snapshot.roleBindings) check('RoleBinding', b);
  return out;
}

/** Every finding on a snapshot, most severe first. `authorizer` must have been built from `snapshot`. */
export function rbacFindings(snapshot: RbacSnapshot, authorizer: Authorizer): RbacFinding[] {
  const bootstrapBindings = new Set<string>();
  for (const b of snapshot.clusterRoleBindings)
    if (isBootstrap(b.metadata))
      bootstrapBindings.add(key('ClusterRoleBinding', undefined, b.metadata.name ?? ''));
  for (const b of snapshot.roleBindings)
    if (isBootstrap(b.metadata))
      bootstrapBindings.add(key('RoleBinding', b.metadata.namespace, b.metadata.name ?? ''));
  const all = [
    ...riskyGrantFindings(authorizer.riskyFindings(), bootstrapBindings),
    ...wildcardFindings(snapshot.clusterRoles, 'ClusterRole'),
    ...wildcardFindings(snapshot.roles, 'Role'),
    ...publicBindingFindings(snapshot.clusterRoleBindings, 'ClusterRoleBinding'),
    ...publicBindingFindings(snapshot.roleBindings, 'RoleBinding'),
    ...unusedRoleFindings(snapshot),
    ...missingRoleFindings(snapshot),
  ];
  return all.sort(
    (a, b) =>
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
      a.id.localeCompare(b.id),
  );
}
