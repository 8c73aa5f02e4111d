// Impact of a change: who gains and who loses which access, from access matrices before and after.
import { STANDARD_VERBS } from './access-matrix.js';
import type { ResourceType } from './access-matrix.js';
import type { Authorizer } from './authorizer.js';
import { serviceAccountGroups, serviceAccountUsername } from './match.js';
import type { Subject, UserInfo } from './types.js';

export interface AccessChange {
  subject: Subject;
  /** "" = cluster scope (ClusterRoleBindings only). */
  namespace: string;
  resource: ResourceType;
  verb: string;
  change: 'gained' | 'lost';
}

/**
 * The identity a binding subject stands for. Users are taken without groups and groups without a
 * user name, so a change is attributed to the subject it names; ServiceAccounts carry the groups
 * their tokens authenticate with.
 */
export function subjectIdentity(subject: Subject, bindingNamespace = ''): UserInfo | undefined {
  switch (subject.kind) {
    case 'User':
      return { name: subject.name, groups: [] };
    case 'Group':
      // A name no User subject can match.
      return { name: '\u0000', groups: [subject.name] };
    case 'ServiceAccount': {
      const ns = subject.namespace || bindingNamespace;
      if (ns === '') return undefined;
      return {
        name: serviceAccountUsername(ns, subject.name),
        groups: [...serviceAccountGroups(ns), 'system:authenticated'],
      };
    }
    default:
      return undefined;
  }
}

/** Every cell (namespace × resource type × verb) whose answer differs between two snapshots, per subject. */
export function accessChanges(
  before: Authorizer,
  after: Authorizer,
  subjects: readonly Subject[],
  namespaces: readonly string[],
  resources: readonly ResourceType[],
  verbs: readonly string[] = STANDARD_VERBS,
): AccessChange[] {
  const out: AccessChange[] = [];
  const scopes = ['', ...namespaces.filter((ns) => ns !== '')];
  for (const subject of subjects) {
    const user = subjectIdentity(subject);
    if (!user) continue;
    const was = before.accessMatrix(user, scopes, resources, verbs);
    const now = after.accessMatrix(user, scopes, resources, verbs);
    for (const ns of scopes) {
      const a = was.row(ns);
      const b = now.row(ns);
      if (a === b) continue;
      for (let r = 0; r < resources.length; r++) {
        const diff = (a[r] ?? 0) ^ (b[r] ?? 0);
        if (diff === 0) continue;
        verbs.forEach((verb, v) => {
          if (((diff >>> v) & 1) === 0) return;
          const resource = resources[r] as ResourceType;
          out.push({
            subject,
            namespace: ns,
            resource,
            verb,
            change: ((b[r] ?? 0) >>> v) & 1 ? 'gained' : 'lost',
          });
        });
      }
    }
  }
  return out;
}
