/** What the forms call each part of an RBAC object, keyed by the API's field name. */
const names: Record<string, string> = {
  rules: 'Rule',
  subjects: 'Subject',
  apiGroups: 'API groups',
  resources: 'Resources',
  resourceNames: 'Resource names',
  nonResourceURLs: 'Non-resource URLs',
  verbs: 'Verbs',
  name: 'Name',
  namespace: 'Namespace',
  generateName: 'Name prefix',
  labels: 'Labels',
  annotations: 'Annotations',
  roleRef: 'Role',
  kind: 'Kind',
  apiGroup: 'API group',
  aggregationRule: 'Aggregation',
  clusterRoleSelectors: 'Selector',
  matchLabels: 'Match labels',
  matchExpressions: 'Match expression',
  key: 'Key',
  operator: 'Operator',
  values: 'Value',
};

/**
 * A validation error's field path (`rules[0].verbs`, as the API server writes it) in the words the
 * form uses: "Rule 1 › Verbs". `metadata` is dropped (the form shows Name and Namespace plainly) and
 * an index becomes a 1-based ordinal of the singular name. Unknown names are kept as written.
 */
export function fieldLabel(path: string): string {
  const parts: string[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path))) {
    if (m[2] !== undefined) {
      const last = parts.pop() ?? '';
      parts.push(`${last} ${Number(m[2]) + 1}`.trim());
    } else if (m[1] !== 'metadata' || parts.length > 0) {
      parts.push(names[m[1]!] ?? m[1]!);
    }
  }
  return parts.join(' › ') || path;
}
