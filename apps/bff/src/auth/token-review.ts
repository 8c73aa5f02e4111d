// Who a bearer token is, asked the way the cluster can answer: SelfSubjectReview as the token
// itself where the API server serves it (1.27 on, as `kubectl auth whoami` asks), and elsewhere a
// TokenReview as the BFF, which its ClusterRole gatehouse:bff already allows.
import type { Logger } from 'pino';
import type { Cluster } from '../clusters.js';
import { capabilitiesOf } from '../server-version.js';

/** A SelfSubjectReview-shaped answer, whichever review produced it. */
export interface TokenIdentity {
  status: number;
  body: {
    status?: { userInfo?: { username?: string; groups?: string[] } };
    message?: string;
    reason?: string;
  };
  via: 'SelfSubjectReview' | 'TokenReview';
}

interface TokenReviewBody {
  status?: {
    authenticated?: boolean;
    user?: { username?: string; groups?: string[] };
    error?: string;
  };
  message?: string;
  reason?: string;
}

export async function reviewToken(
  cluster: Cluster,
  token: string,
  logger: Logger,
): Promise<TokenIdentity> {
  const caps = await capabilitiesOf(cluster.client);
  if (caps.selfSubjectReview) {
    const version = `authentication.k8s.io/${caps.selfSubjectReview}`;
    const r = await cluster.client.json<TokenIdentity['body']>(
      'POST',
      `/apis/${version}/selfsubjectreviews`,
      { kind: 'token', token },
      { apiVersion: version, kind: 'SelfSubjectReview' },
    );
    return { ...r, via: 'SelfSubjectReview' };
  }
  logger.info(
    { cluster: cluster.id, serverVersion: caps.gitVersion },
    'token sign-in: the cluster serves no SelfSubjectReview (Kubernetes before 1.27), so the token was checked with a TokenReview as the BFF',
  );
  const r = await cluster.client.json<TokenReviewBody>(
    'POST',
    '/apis/authentication.k8s.io/v1/tokenreviews',
    { kind: 'bff' },
    { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } },
  );
  if (r.status !== 201 && r.status !== 200) {
    const { message, reason } = r.body;
    return {
      status: r.status,
      body: { ...(message ? { message } : {}), ...(reason ? { reason } : {}) },
      via: 'TokenReview',
    };
  }
  if (!r.body.status?.authenticated) return { status: 401, body: {}, via: 'TokenReview' };
  return { status: 201, body: { status: { userInfo: r.body.status.user } }, via: 'TokenReview' };
}
