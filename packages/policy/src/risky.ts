// Risky-permission findings: grants that let a subject gain more power than they were given.
import { RBAC_GROUP as RBAC, ruleAllows } from './match.js';
import type { BindingEntry, RoleEntry, SnapshotIndex } from './snapshot-index.js';
import type { AuthorizationRequest, BindingKind, Subject } from './types.js';

export type Severity = 'critical' | 'high' | 'medium';

export interface RiskyPermission {
  id: string;
  severity: Severity;
  title: string;
  /** Why it is risky, for a platform engineer. */
  why: string;
  /** The request whose grant is risky. */
  request: AuthorizationRequest;
  /** Cluster-scoped requests: only ClusterRoleBindings can grant them. */
  clusterScoped?: boolean;
}

/** What platform teams audit first (the Kubernetes RBAC good-practices guide's list of escalation paths). */
export const RISKY_PERMISSIONS: readonly RiskyPermission[] = [
  {
    id: 'full-authority',
    severity: 'critical',
    title: 'Every verb on every resource',
    why: 'Wildcard access is cluster-admin within its scope.',
    request: { verb: '*', apiGroup: '*', resource: '*' },
  },
  {
    id: 'escalate-clusterroles',
    severity: 'critical',
    title: 'Escalate ClusterRoles',
    why: 'May write roles with permissions the holder lacks.',
    request: { verb: 'escalate', apiGroup: RBAC, resource: 'clusterroles', name: '*' },
    clusterScoped: true,
  },
  {
    id: 'escalate-roles',
    severity: 'critical',
    title: 'Escalate Roles',
    why: 'May write roles with permissions the holder lacks.',
    request: { verb: 'escalate', apiGroup: RBAC, resource: 'roles', name: '*' },
  },
  {
    id: 'bind-clusterroles',
    severity: 'critical',
    title: 'Bind any ClusterRole',
    why: 'May grant any ClusterRole, cluster-admin included, without holding it.',
    request: { verb: 'bind', apiGroup: RBAC, resource: 'clusterroles', name: 'cluster-admin' },
  },
  {
    id: 'impersonate-users',
    severity: 'critical',
    title: 'Impersonate users',
    why: 'May act as any user.',
    request: { verb: 'impersonate', apiGroup: '', resource: 'users', name: 'admin' },
    clusterScoped: true,
  },
  {
    id: 'impersonate-groups',
    severity: 'critical',
    title: 'Impersonate groups',
    why: 'May act as system:masters.',
    request: { verb: 'impersonate', apiGroup: '', resource: 'groups', name: 'system:masters' },
    clusterScoped: true,
  },
  {
    id: 'impersonate-serviceaccounts',
    severity: 'high',
    title: 'Impersonate ServiceAccounts',
    why: 'May act as any ServiceAccount.',
    request: { verb: 'impersonate', apiGroup: '', resource: 'serviceaccounts', name: 'default' },
  },
  {
    id: 'create-tokens',
    severity: 'high',
    title: 'Create ServiceAccount tokens',
    why: 'May obtain credentials of ServiceAccounts and their permissions.',
    request: {
      verb: 'create',
      apiGroup: '',
      resource: 'serviceaccounts',
      subresource: 'token',
      name: 'default',
    },
  },
  {
    id: 'read-secrets',
    severity: 'high',
    title: 'Read Secrets',
    why: 'Secrets hold ServiceAccount tokens and credentials.',
    request: { verb: 'get', apiGroup: '', resource: 'secrets', name: 'any' },
  },
  {
    id: 'list-secrets',
    severity: 'high',
    title: 'List Secrets',
    why: 'Listing returns the contents of every Secret.',
    request: { verb: 'list', apiGroup: '', resource: 'secrets' },
  },
  {
    id: 'exec-pods',
    severity: 'high',
    title: 'Exec into Pods',
    why: 'Runs commands with the Pod’s identity and mounted secrets.',
    request: { verb: 'create', apiGroup: '', resource: 'pods', subresource: 'exec', name: 'any' },
  },
  {
    id: 'create-pods',
    severity: 'medium',
    title: 'Create Pods',
    why: 'A Pod may mount any Secret or ServiceAccount of its namespace.',
    request: { verb: 'create', apiGroup: '', resource: 'pods' },
  },
  {
    id: 'nodes-proxy',
    severity: 'critical',
    title: 'Proxy to Nodes',
    why: 'The kubelet API runs commands in every Pod of the node.',
    request: { verb: 'get', apiGroup: '', resource: 'nodes', subresource: 'proxy', name: 'any' },
    clusterScoped: true,
  },
  {
    id: 'admission-webhooks',
    severity: 'critical',
    title: 'Change admission webhooks',
    why: 'May intercept and rewrite every object written to the cluster.',
    request: {
      verb: 'update',
      apiGroup: 'admissionregistration.k8s.io',
      resource: 'mutatingwebhookconfigurations',
      name: 'any',
    },
    clusterScoped: true,
  },
  {
    id: 'approve-csr',
    severity: 'high',
    title: 'Approve certificate signing requests',
    why: 'May mint client certificates for any identity the signer allows.',
    request: {
      verb: 'update',
      apiGroup: 'certificates.k8s.io',
      resource: 'certificatesigningrequests',
      subresource: 'approval',
      name: 'any',
    },
    clusterScoped: true,
  },
];

export interface RiskyFinding {
  permission: RiskyPermission;
  subject: Subject;
  /** ServiceAccount namespace (defaulted from a RoleBinding). */
  subjectNamespace?: string;
  bindingKind: BindingKind;
  bindingName: string;
  /** "" for a ClusterRoleBinding: the grant holds in every namespace. */
  bindingNamespace: string;
  roleKind: string;
  roleName: string;
  ruleIndex: number;
}

function firstAllowing(role: RoleEntry, request: AuthorizationRequest): number {
  return role.rules.findIndex((rule) => ruleAllows(rule, request));
}

function findingsFor(
  permission: RiskyPermission,
  bindings: readonly BindingEntry[],
  role: RoleEntry,
  ruleIndex: number,
  out: RiskyFinding[],
): void {
  for (const binding of bindings) {
    if (binding.role !== role) continue;
    for (const subject of binding.subjects) {
      const finding: RiskyFinding = {
        permission,
        subject,
        bindingKind: binding.kind,
        bindingName: binding.name,
        bindingNamespace: binding.namespace,
        roleKind: binding.roleRef.kind,
        roleName: binding.roleRef.name,
        ruleIndex,
      };
      if (subject.kind === 'ServiceAccount') {
        const ns = subject.namespace || binding.namespace;
        if (ns === '') continue;
        finding.subjectNamespace = ns;
      } else if (subject.kind !== 'User' && subject.kind !== 'Group') continue;
      out.push(finding);
    }
  }
}

/** Every subject bound to a role that grants one of the risky permissions, role by role (never per namespace). */
export function riskyFindings(
  index: SnapshotIndex,
  catalog: readonly RiskyPermission[] = RISKY_PERMISSIONS,
): RiskyFinding[] {
  const out: RiskyFinding[] = [];
  const roles = [...index.clusterRoles.values(), ...index.roles.values()];
  for (const permission of catalog) {
    for (const role of roles) {
      const ruleIndex = firstAllowing(role, permission.request);
      if (ruleIndex < 0) continue;
      const key = `${role.kind}/${role.name}`;
      if (role.kind === 'ClusterRole')
        findingsFor(
          permission,
          index.cluster.byRole
            .get(key)
            ?.map((p) => index.cluster.bindings[p])
            .filter((b) => b !== undefined) ?? [],
          role,
          ruleIndex,
          out,
        );
      if (!permission.clusterScoped)
        findingsFor(permission, index.roleBindingsByRoleRef.get(key) ?? [], role, ruleIndex, out);
    }
  }
  return out;
}
