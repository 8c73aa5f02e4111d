// Check: the engine's decision with its binding → role → rule chain beside the API server's own answer.
import {
  explainDecision,
  isNonResourceRequest,
  isSystemMaster,
  type AuthorizationRequest,
} from '@gatehouse/policy';
import type { Cluster } from '../clusters.js';
import { actorOf, type Session } from '../session/sessions.js';
import type { AccessCheckResponse, AnalysedUser } from './contract.js';
import type { SubjectResolver } from './groups.js';
import type { ClusterModel } from './cluster-model.js';
import { labelFor, partialDenied, scopedModel, unreadableErrors } from './scoped.js';

interface ReviewStatus {
  allowed?: boolean;
  denied?: boolean;
  reason?: string;
  evaluationError?: string;
}

function attributes(request: AuthorizationRequest): Record<string, unknown> {
  if (isNonResourceRequest(request))
    return { nonResourceAttributes: { verb: request.verb, path: request.path } };
  return {
    resourceAttributes: {
      verb: request.verb,
      group: request.apiGroup,
      resource: request.resource,
      subresource: request.subresource ?? '',
      name: request.name ?? '',
      namespace: request.namespace ?? '',
    },
  };
}

/** Asks the API server as the signed-in user; for someone else that needs `create subjectaccessreviews`. */
async function askApiServer(
  cluster: Cluster,
  session: Session,
  user: AnalysedUser,
  self: boolean,
  request: AuthorizationRequest,
): Promise<AccessCheckResponse['apiServer']> {
  const kind = self ? 'SelfSubjectAccessReview' : 'SubjectAccessReview';
  const spec = self
    ? attributes(request)
    : { ...attributes(request), ...(user.name ? { user: user.name } : {}), groups: user.groups };
  const { status, body } = await cluster.client.json<{ status?: ReviewStatus; message?: string }>(
    'POST',
    `/apis/authorization.k8s.io/v1/${kind.toLowerCase()}s`,
    actorOf(session),
    { apiVersion: 'authorization.k8s.io/v1', kind, spec },
  );
  if (status !== 201 && status !== 200)
    return { answered: false, code: status, message: body.message ?? `HTTP ${status}` };
  const s = body.status ?? {};
  return {
    answered: true,
    allowed: s.allowed === true,
    denied: s.denied === true,
    reason: s.reason ?? '',
    ...(s.evaluationError ? { evaluationError: s.evaluationError } : {}),
  };
}

export function namespaceOf(request: AuthorizationRequest): string {
  return isNonResourceRequest(request) ? '' : (request.namespace ?? '');
}

export async function checkAccess(
  cluster: Cluster,
  model: ClusterModel,
  session: Session,
  subject: SubjectResolver,
  self: boolean,
  request: AuthorizationRequest,
): Promise<AccessCheckResponse> {
  const current = await scopedModel(cluster, session, model);
  const scope = labelFor(current, namespaceOf(request));
  const { user, groupSources } = await subject(current, request);
  const { authorizer } = current;
  const apiServer = await askApiServer(cluster, session, user, self, request);
  const decision = authorizer.authorize(user, request);
  const privilegedGroup = isSystemMaster(user);
  const allowed = privilegedGroup || decision.allowed;
  // RBAC only adds: an Allowed from part of the objects stands, a Denied may not.
  const unsure = !allowed && !scope.complete;
  const explanation =
    privilegedGroup && !decision.allowed
      ? ['Allowed: members of system:masters are allowed everything before RBAC is asked.']
      : explainDecision(decision);
  return {
    user,
    ...(groupSources ? { groupSources } : {}),
    request,
    policy: {
      allowed,
      reason: decision.reason,
      explanation: unsure ? [...explanation, partialDenied(scope)] : explanation,
      matches: decision.matches,
      considered: [...decision.considered],
      errors: unreadableErrors(decision.errors, scope),
      privilegedGroup,
    },
    apiServer,
    agree: apiServer.answered && !unsure ? apiServer.allowed === allowed : null,
    scope,
  };
}
