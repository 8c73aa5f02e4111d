// The kubeconfig file itself: cluster CA and server, one context named after cluster and project.
import { stringify } from 'yaml';
import type { Cluster } from '../clusters.js';
import type { BffContext } from '../context.js';
import type { KubeconfigInfo } from '../projects/contract.js';
import { capabilitiesOf } from '../server-version.js';

/** The OIDC settings when this cluster's kubeconfigs use the kubectl oidc-login plugin. */
export function oidcFor(ctx: BffContext, clusterId: string) {
  const o = ctx.config.oidc;
  return o && ctx.config.kubeconfigFiles.oidcClusters.includes(clusterId) ? o : undefined;
}

/** What the download page shows of a file before it is issued, for a project or a namespace. */
export async function kubeconfigInfoOf(
  ctx: BffContext,
  cluster: Cluster,
  file: Pick<KubeconfigInfo, 'project' | 'namespaces' | 'contextName' | 'myLevels'>,
): Promise<KubeconfigInfo> {
  return {
    cluster: cluster.id,
    ...file,
    mode: oidcFor(ctx, cluster.id) ? 'oidc' : 'token',
    tokenSeconds: ctx.config.kubeconfigFiles.tokenSeconds,
    maxTokenSeconds: ctx.config.kubeconfigFiles.maxTokenSeconds,
    // `kubectl auth whoami` needs SelfSubjectReview; when discovery cannot say, offer it.
    whoami: await capabilitiesOf(cluster.client).then(
      (c) => c.selfSubjectReview !== undefined,
      () => true,
    ),
  };
}

export interface FileSpec {
  clusterId: string;
  project: string;
  namespace: string;
  server: string;
  caPem?: string;
  userName: string;
  /** The context's name; `<cluster>-<project>` when absent. */
  context?: string;
  credential: { token: string } | { oidc: { issuer: string; clientId: string; scopes: string[] } };
}

export function contextName(clusterId: string, project: string): string {
  return `${clusterId}-${project}`;
}

function userOf(f: FileSpec): Record<string, unknown> {
  return 'token' in f.credential
    ? { token: f.credential.token }
    : {
        // No secret in the file: kubectl asks the IdP through the oidc-login plugin (kubelogin).
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          command: 'kubectl',
          args: [
            'oidc-login',
            'get-token',
            `--oidc-issuer-url=${f.credential.oidc.issuer}`,
            `--oidc-client-id=${f.credential.oidc.clientId}`,
            ...f.credential.oidc.scopes
              .filter((s) => s !== 'openid')
              .map((s) => `--oidc-extra-scope=${s}`),
          ],
          interactiveMode: 'IfAvailable',
          provideClusterInfo: false,
        },
      };
}

/** A kubeconfig with one cluster, user and context per file part; the first is the current context. */
export function kubeconfigYamlOf(files: FileSpec[]): string {
  const contextOf = (f: FileSpec) => f.context ?? contextName(f.clusterId, f.project);
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: files.map((f) => ({
      name: f.clusterId,
      cluster: {
        server: f.server,
        ...(f.caPem
          ? { 'certificate-authority-data': Buffer.from(f.caPem).toString('base64') }
          : {}),
      },
    })),
    users: files.map((f) => ({ name: `${f.userName}@${f.clusterId}`, user: userOf(f) })),
    contexts: files.map((f) => ({
      name: contextOf(f),
      context: {
        cluster: f.clusterId,
        user: `${f.userName}@${f.clusterId}`,
        namespace: f.namespace,
      },
    })),
    'current-context': files[0] ? contextOf(files[0]) : '',
    preferences: {},
  });
}

export function kubeconfigYaml(f: FileSpec): string {
  return kubeconfigYamlOf([f]);
}
