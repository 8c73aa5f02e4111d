// The API server's plain linear algorithm (rbac.go Authorize over rule.go VisitRulesFor), written
// straight from the Go source and independent of src/, to check the indexed engine against.
import type {
  AuthorizationRequest,
  ClusterRoleBinding,
  PolicyRule,
  RbacSnapshot,
  RoleBinding,
  Subject,
  UserInfo,
} from '../src/index.js';

type Rule = PolicyRule;

function has(list: readonly string[] | null | undefined, value: string, wildcard: string): boolean {
  return (list ?? []).some((x) => x === wildcard || x === value);
}

export function refRuleAllows(rule: Rule, req: AuthorizationRequest): boolean {
  if ('path' in req) {
    return (
      has(rule.verbs, req.verb, '*') &&
      (rule.nonResourceURLs ?? []).some(
        (u) =>
          u === '*' ||
          u === req.path ||
          (u.endsWith('*') && req.path.startsWith(u.replace(/\*+$/, ''))),
      )
    );
  }
  const sub = req.subresource ?? '';
  const combined = sub === '' ? req.resource : `${req.resource}/${sub}`;
  const resourceOk = (rule.resources ?? []).some(
    (r) =>
      r === '*' ||
      r === combined ||
      (sub !== '' && r.length === sub.length + 2 && r.startsWith('*/') && r.endsWith(sub)),
  );
  const names = rule.resourceNames ?? [];
  return (
    has(rule.verbs, req.verb, '*') &&
    has(rule.apiGroups, req.apiGroup, '*') &&
    resourceOk &&
    (names.length === 0 || names.includes(req.name ?? ''))
  );
}

function appliesToUser(user: UserInfo, s: Subject, ns: string): boolean {
  if (s.kind === 'User') return user.name === s.name;
  if (s.kind === 'Group') return user.groups.includes(s.name);
  if (s.kind === 'ServiceAccount') {
    const saNs = s.namespace ? s.namespace : ns;
    return saNs !== '' && user.name === `system:serviceaccount:${saNs}:${s.name}`;
  }
  return false;
}

interface Visit {
  bindingKind: string;
  bindingName: string;
  bindingNamespace: string;
  subject: Subject;
  roleKind: string;
  roleName: string;
  rules: Rule[] | undefined;
  error: string | undefined;
}

function resolve(
  snap: RbacSnapshot,
  kind: string,
  name: string,
  ns: string,
): { rules?: Rule[]; error?: string } {
  if (kind === 'ClusterRole') {
    const cr = snap.clusterRoles.find((r) => (r.metadata.name ?? '') === name);
    return cr
      ? { rules: cr.rules ?? [] }
      : { error: `clusterrole.rbac.authorization.k8s.io "${name}" not found` };
  }
  if (kind === 'Role') {
    const r = snap.roles.find(
      (x) => (x.metadata.namespace ?? '') === ns && (x.metadata.name ?? '') === name,
    );
    return r
      ? { rules: r.rules ?? [] }
      : { error: `role.rbac.authorization.k8s.io "${name}" not found` };
  }
  return { error: `unsupported role reference kind: "${kind}"` };
}

/** VisitRulesFor: every applicable binding in order, ClusterRoleBindings then the namespace's RoleBindings. */
export function refVisits(snap: RbacSnapshot, user: UserInfo, namespace: string): Visit[] {
  const visits: Visit[] = [];
  for (const b of snap.clusterRoleBindings) {
    const s = (b.subjects ?? []).find((x) => appliesToUser(user, x, ''));
    if (!s) continue;
    const { rules, error } = resolve(snap, b.roleRef.kind, b.roleRef.name, '');
    visits.push({
      bindingKind: 'ClusterRoleBinding',
      bindingName: b.metadata.name ?? '',
      bindingNamespace: '',
      subject: s,
      roleKind: b.roleRef.kind,
      roleName: b.roleRef.name,
      rules,
      error,
    });
  }
  if (namespace !== '') {
    for (const b of snap.roleBindings) {
      if ((b.metadata.namespace ?? '') !== namespace) continue;
      const s = (b.subjects ?? []).find((x) => appliesToUser(user, x, namespace));
      if (!s) continue;
      const { rules, error } = resolve(snap, b.roleRef.kind, b.roleRef.name, namespace);
      visits.push({
        bindingKind: 'RoleBinding',
        bindingName: b.metadata.name ?? '',
        bindingNamespace: namespace,
        subject: s,
        roleKind: b.roleRef.kind,
        roleName: b.roleRef.name,
        rules,
        error,
      });
    }
  }
  return visits;
}

function describe(v: Visit): string {
  const subject =
    v.subject.kind === 'ServiceAccount'
      ? `ServiceAccount "${v.subject.name}/${v.subject.namespace || v.bindingNamespace}"`
      : `${v.subject.kind} "${v.subject.name}"`;
  const binding =
    v.bindingKind === 'RoleBinding' ? `${v.bindingName}/${v.bindingNamespace}` : v.bindingName;
  return `${v.bindingKind} "${binding}" of ${v.roleKind} "${v.roleName}" to ${subject}`;
}

/** Authorize: stop at the first allowing rule; otherwise NoOpinion with the aggregated errors. */
export function refAuthorize(
  snap: RbacSnapshot,
  user: UserInfo,
  req: AuthorizationRequest,
): { allowed: boolean; reason: string } {
  const ns = 'path' in req ? '' : (req.namespace ?? '');
  const errors: string[] = [];
  for (const v of refVisits(snap, user, ns)) {
    if (v.error !== undefined) {
      errors.push(v.error);
      continue;
    }
    for (const rule of v.rules ?? []) {
      if (refRuleAllows(rule, req)) {
        return { allowed: true, reason: `RBAC: allowed by ${describe(v)}` };
      }
    }
  }
  if (errors.length === 0) return { allowed: false, reason: '' };
  const unique = [...new Set(errors)];
  return {
    allowed: false,
    reason: `RBAC: ${unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`}`,
  };
}

/** RulesFor: the rules of every applicable binding, in order. */
export function refRulesFor(snap: RbacSnapshot, user: UserInfo, namespace: string): Rule[] {
  return refVisits(snap, user, namespace).flatMap((v) => v.rules ?? []);
}

/** Who can: every (subject, binding) whose binding's role has a rule allowing the request. */
export function refWhoCan(snap: RbacSnapshot, req: AuthorizationRequest): string[] {
  const ns = 'path' in req ? '' : (req.namespace ?? '');
  const out: string[] = [];
  const scan = (
    kind: string,
    bindings: readonly (RoleBinding | ClusterRoleBinding)[],
    bindingNs: string,
  ) => {
    for (const b of bindings) {
      const { rules } = resolve(snap, b.roleRef.kind, b.roleRef.name, bindingNs);
      if (!rules || !rules.some((r) => refRuleAllows(r, req))) continue;
      for (const s of b.subjects ?? []) {
        if (s.kind === 'User' || s.kind === 'Group')
          out.push(`${s.kind}|${s.name}||${kind}|${b.metadata.name ?? ''}`);
        else if (s.kind === 'ServiceAccount' && (s.namespace || bindingNs) !== '') {
          out.push(
            `${s.kind}|${s.name}|${s.namespace || bindingNs}|${kind}|${b.metadata.name ?? ''}`,
          );
        }
      }
    }
  };
  scan('ClusterRoleBinding', snap.clusterRoleBindings, '');
  if (ns !== '')
    scan(
      'RoleBinding',
      snap.roleBindings.filter((b) => b.metadata.namespace === ns),
      ns,
    );
  return out;
}

/** Every (binding, rule index) that allows the request, in visiting order: what Decision.matches lists. */
export function refMatches(
  snap: RbacSnapshot,
  user: UserInfo,
  req: AuthorizationRequest,
): string[] {
  const ns = 'path' in req ? '' : (req.namespace ?? '');
  const out: string[] = [];
  for (const v of refVisits(snap, user, ns)) {
    (v.rules ?? []).forEach((rule, i) => {
      if (refRuleAllows(rule, req))
        out.push(`${v.bindingKind}/${v.bindingNamespace}/${v.bindingName}#${i}`);
    });
  }
  return out;
}
