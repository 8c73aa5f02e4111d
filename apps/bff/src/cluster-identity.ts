// Who the BFF is on each cluster, checked at start and every minute, so wrong credentials show as
// "credentials rejected" with the reason instead of as an unreachable cluster where nobody has access.
import type { Logger } from 'pino';
import { UpstreamError, type KubeClient } from './kube-client.js';

import type { CredentialState } from './contract.js';
export type { CredentialState };

export interface IdentityStatus {
  credentials: CredentialState;
  /** The BFF's user name on the cluster, when it could be told. */
  identity?: string;
  /** Why the credentials are not ok, or what the BFF may not do that it needs. */
  problem?: string;
  checkedAt?: string;
}

interface StatusBody {
  message?: string;
  status?: { userInfo?: { username?: string }; allowed?: boolean };
}

const checkTimeoutMs = 3_000;

/**
 * SelfSubjectReview (authentication.k8s.io/v1 from 1.28, v1beta1 in 1.27) tells who the BFF is; a
 * server without it is asked a SelfSubjectAccessReview for `impersonate users`, which every version
 * serves and which the BFF needs anyway. A 401 to either means the cluster refused the credentials.
 */
export async function checkIdentity(client: KubeClient): Promise<IdentityStatus> {
  const checkedAt = new Date().toISOString();
  const name = client.target.name;
  try {
    for (const version of ['v1', 'v1beta1']) {
      const { status, body } = await client.json<StatusBody>(
        'POST',
        `/apis/authentication.k8s.io/${version}/selfsubjectreviews`,
        { kind: 'bff' },
        { apiVersion: `authentication.k8s.io/${version}`, kind: 'SelfSubjectReview' },
        checkTimeoutMs,
      );
      if (status === 401) return rejected(name, body, checkedAt);
      if (status === 404) continue;
      const identity = body.status?.userInfo?.username;
      if (status === 201 && identity) return { credentials: 'ok', identity, checkedAt };
      break;
    }
    const { status, body } = await client.json<StatusBody>(
      'POST',
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      { kind: 'bff' },
      {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { verb: 'impersonate', resource: 'users' } },
      },
      checkTimeoutMs,
    );
    if (status === 401) return rejected(name, body, checkedAt);
    if (status !== 201)
      return {
        credentials: 'unknown',
        problem: `cluster "${name}" answered ${status} to the BFF's access review`,
        checkedAt,
      };
    return body.status?.allowed
      ? { credentials: 'ok', checkedAt }
      : {
          credentials: 'ok',
          problem: `the BFF's identity on cluster "${name}" may not impersonate users: sign-in through impersonation will be refused`,
          checkedAt,
        };
  } catch (err) {
    if (err instanceof UpstreamError)
      return {
        credentials: err.credentials ? 'unavailable' : 'unreachable',
        problem: err.message,
        checkedAt,
      };
    throw err;
  }
}

function rejected(cluster: string, body: StatusBody, checkedAt: string): IdentityStatus {
  return {
    credentials: 'rejected',
    problem: `cluster "${cluster}" rejected the BFF's credentials: ${body.message ?? 'Unauthorized'}`,
    checkedAt,
  };
}

/** Checks every cluster now and then every `everyMs`; the latest status of each is kept. */
export class IdentityWatch {
  private readonly latest = new Map<string, IdentityStatus>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly clients: Array<{ id: string; client: KubeClient }>,
    private readonly logger: Logger,
  ) {}

  status(id: string): IdentityStatus {
    return this.latest.get(id) ?? { credentials: 'unknown' };
  }

  async checkAll(): Promise<void> {
    await Promise.all(
      this.clients.map(async ({ id, client }) => {
        const before = this.latest.get(id);
        const now = await checkIdentity(client).catch((err: unknown): IdentityStatus => ({
          credentials: 'unknown',
          problem: (err as Error).message,
        }));
        this.latest.set(id, now);
        if (before?.credentials !== now.credentials || before.problem !== now.problem) {
          const fields = { cluster: id, credentials: now.credentials, identity: now.identity };
          if (now.problem) this.logger.warn({ ...fields, problem: now.problem }, now.problem);
          else
            this.logger.info(
              fields,
              `cluster "${client.target.name}": the BFF is ${now.identity ?? 'authenticated'}`,
            );
        }
      }),
    );
  }

  start(everyMs: number): void {
    this.timer = setInterval(() => void this.checkAll(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
