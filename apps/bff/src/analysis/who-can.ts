// Who can: every subject a request is allowed for, grouped by how the grant applies.
import { SYSTEM_MASTERS, type AuthorizationRequest } from '@gatehouse/policy';
import type { Cluster } from '../clusters.js';
import type { Session } from '../session/sessions.js';
import type { ClusterModel } from './cluster-model.js';
import type { WhoCanResponse } from './contract.js';
import { namespaceOf } from './check.js';
import { rbacReadsFor, requireReads } from './gate.js';

export async function whoCan(
  cluster: Cluster,
  model: ClusterModel,
  session: Session,
  request: AuthorizationRequest,
): Promise<WhoCanResponse> {
  await requireReads(cluster, session, rbacReadsFor(namespaceOf(request)));
  const { authorizer } = await model.current();
  const matches = authorizer.whoCan(request);
  return {
    request,
    clusterWide: matches.filter((m) => m.bindingKind === 'ClusterRoleBinding'),
    namespaced: matches.filter((m) => m.bindingKind === 'RoleBinding'),
    privilegedGroups: [SYSTEM_MASTERS],
  };
}
