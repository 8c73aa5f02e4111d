// Who can: every subject a request is allowed for, grouped by how the grant applies.
import { SYSTEM_MASTERS, type AuthorizationRequest } from '@gatehouse/policy';
import type { Cluster } from '../clusters.js';
import type { Session } from '../session/sessions.js';
import type { ClusterModel } from './cluster-model.js';
import type { WhoCanResponse } from './contract.js';
import { namespaceOf } from './check.js';
import { labelFor, scopedModel } from './scoped.js';
import { maySeeSignIns, signedInMembers } from './groups.js';
import type { SignInRecords } from '../state/sign-ins.js';

export async function whoCan(
  cluster: Cluster,
  model: ClusterModel,
  session: Session,
  request: AuthorizationRequest,
  signIns: SignInRecords,
): Promise<WhoCanResponse> {
  const current = await scopedModel(cluster, session, model);
  const { authorizer } = current;
  const matches = authorizer.whoCan(request);
  const groups = [...new Set(matches.filter((m) => m.kind === 'Group').map((m) => m.name))];
  const members =
    groups.length > 0 && (await maySeeSignIns(cluster, session))
      ? await signedInMembers(signIns, groups).catch(() => undefined)
      : undefined;
  return {
    request,
    clusterWide: matches.filter((m) => m.bindingKind === 'ClusterRoleBinding'),
    namespaced: matches.filter((m) => m.bindingKind === 'RoleBinding'),
    privilegedGroups: [SYSTEM_MASTERS],
    ...(members ? { signedInMembers: members } : {}),
    scope: labelFor(current, namespaceOf(request)),
  };
}
