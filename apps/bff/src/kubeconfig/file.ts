// The kubeconfig file itself: cluster CA and server, one context named after cluster and project.
import { stringify } from 'yaml';

export interface FileSpec {
  clusterId: string;
  project: string;
  namespace: string;
  server: string;
  caPem?: string;
  userName: string;
  credential: { token: string } | { oidc: { issuer: string; clientId: string; scopes: string[] } };
}

export function contextName(clusterId: string, project: string): string {
  return `${clusterId}-${project}`;
}

export function kubeconfigYaml(f: FileSpec): string {
  const context = contextName(f.clusterId, f.project);
  const user =
    'token' in f.credential
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
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: f.clusterId,
        cluster: {
          server: f.server,
          ...(f.caPem
            ? { 'certificate-authority-data': Buffer.from(f.caPem).toString('base64') }
            : {}),
        },
      },
    ],
    users: [{ name: `${f.userName}@${f.clusterId}`, user }],
    contexts: [
      {
        name: context,
        context: {
          cluster: f.clusterId,
          user: `${f.userName}@${f.clusterId}`,
          namespace: f.namespace,
        },
      },
    ],
    'current-context': context,
    preferences: {},
  });
}
