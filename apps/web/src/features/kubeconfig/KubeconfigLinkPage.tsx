import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../../api/http.js';
import { ClusterContext, paths } from '../../app/cluster.js';
import { NotFound } from '../../app/NotFound.js';
import { RequireSession } from '../../app/RequireSession.js';
import { Shell } from '../../app/Shell.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { Callout, Panel } from '../../ui/Panel.js';
import { Spinner } from '../../ui/Spinner.js';
import { Button } from '../../ui/Button.js';
import {
  useDownload,
  useKubeconfigInfo,
  type KubeconfigInfo,
  type KubeconfigTarget,
} from './api.js';
import { CopyButton } from './CopyButton.js';
import { humanDuration, lifetimeChoices } from './duration.js';
import { kubeconfigPagePath, namespaceKubeconfigPagePath } from './links.js';

function Usage({
  info,
  namespace,
  seconds,
}: {
  info: KubeconfigInfo;
  namespace: string;
  seconds: number;
}) {
  const file = `~/Downloads/${info.contextName}.kubeconfig`;
  // `kubectl auth whoami` needs SelfSubjectReview, which API servers before 1.27 do not serve.
  const commands = [
    `export KUBECONFIG=${file}`,
    ...(info.whoami ? ['kubectl auth whoami'] : []),
    `kubectl get pods -n ${namespace}`,
    'kubectl auth can-i --list',
  ];
  return (
    <Panel title="Use it with kubectl">
      <div className="space-y-2 px-4 py-3 text-sm">
        <p>
          The file has one context, <code className="font-mono">{info.contextName}</code>, with{' '}
          <code className="font-mono">{namespace}</code> as its default namespace.
        </p>
        <pre
          aria-label="kubectl commands"
          className="overflow-x-auto rounded bg-slate-900 p-3 font-mono text-xs text-slate-100"
        >
          {commands.join('\n')}
        </pre>
        {info.mode === 'token' ? (
          <p className="text-xs text-slate-500">
            The file holds a token of your own that expires after {humanDuration(seconds)}; download
            again when it does.{' '}
            {info.project
              ? `It has exactly your access in ${info.project}. Revoke it any time under My kubeconfigs; it also stops working the moment you leave the project.`
              : 'Revoke it any time under My kubeconfigs.'}
          </p>
        ) : (
          <p className="text-xs text-slate-500">
            The file holds no secret: kubectl signs you in through your identity provider with the
            oidc-login plugin (kubelogin), which must be installed.
          </p>
        )}
      </div>
    </Panel>
  );
}

function Download({ cluster, target }: { cluster: string; target: KubeconfigTarget }) {
  const info = useKubeconfigInfo(cluster, target);
  const project = target.project ?? '';
  const title = target.project ?? `namespace ${target.namespace}`;
  const [namespace, setNamespace] = useState<string>();
  const [lifetime, setLifetime] = useState<number>();
  const [level, setLevel] = useState<string>();
  const download = useDownload();
  if (info.isPending) return <Spinner label="Checking your access" />;
  if (info.isError)
    return (
      <Callout tone="error" title={`No kubeconfig for ${title}`}>
        {errorMessage(info.error)}
      </Callout>
    );
  const ns = namespace ?? info.data.namespaces[0] ?? '';
  const token = info.data.mode === 'token';
  const seconds = lifetime ?? info.data.tokenSeconds;
  const chosenLevel = level ?? info.data.myLevels[0] ?? '';
  return (
    <div className="space-y-6">
      <Panel title={`Your kubeconfig for ${title}`}>
        <div className="space-y-3 px-4 py-3 text-sm">
          {project ? (
            <p>
              You are {info.data.myLevels.join(' and ')} in {project}. The file gives kubectl the
              same access, and nothing beyond this project.
            </p>
          ) : (
            <>
              <p>
                The file carries an identity of its own, bound to the level you choose in {ns} only:
                never more than you hold there, and none of your access elsewhere.
              </p>
              <label className="block">
                <span className="font-medium">Access level</span>
                <select
                  className="ml-2 rounded-md border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-800"
                  value={chosenLevel}
                  onChange={(e) => setLevel(e.target.value)}
                >
                  {info.data.myLevels.map((l) => (
                    <option key={l}>{l}</option>
                  ))}
                </select>
              </label>
            </>
          )}
          <label className={project ? 'block' : 'hidden'}>
            <span className="font-medium">Default namespace</span>
            <select
              className="ml-2 rounded-md border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-800"
              value={ns}
              onChange={(e) => setNamespace(e.target.value)}
            >
              {info.data.namespaces.map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
          {token && (
            <label className="block">
              <span className="font-medium">Expires after</span>
              <select
                className="ml-2 rounded-md border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-800"
                value={seconds}
                onChange={(e) => setLifetime(Number(e.target.value))}
              >
                {lifetimeChoices(info.data.tokenSeconds, info.data.maxTokenSeconds).map((s) => (
                  <option key={s} value={s}>
                    {humanDuration(s)}
                    {s === info.data.maxTokenSeconds ? ' (the most this console allows)' : ''}
                  </option>
                ))}
              </select>
            </label>
          )}
          <Button
            variant="primary"
            disabled={download.isPending}
            onClick={() =>
              download.mutate({
                cluster,
                project,
                namespace: ns,
                filename: `${info.data.contextName}.kubeconfig`,
                ...(token ? { expirationSeconds: seconds } : {}),
                ...(project ? {} : { level: chosenLevel }),
              })
            }
          >
            {download.isPending ? 'Issuing…' : 'Download kubeconfig'}
          </Button>
          {download.error && (
            <Callout tone="error" title="No file was issued">
              {errorMessage(download.error)}
            </Callout>
          )}
        </div>
      </Panel>
      <Usage info={info.data} namespace={ns} seconds={seconds} />
    </div>
  );
}

/** /kubeconfig?cluster=…&project=… — safe to send to anyone: it asks for sign-in, then offers the person's own file. */
export function KubeconfigLinkPage() {
  const [params] = useSearchParams();
  const clusterId = params.get('cluster') ?? '';
  const project = params.get('project') ?? '';
  const namespace = params.get('namespace') ?? '';
  const target: KubeconfigTarget | undefined = project
    ? { project }
    : namespace
      ? { namespace }
      : undefined;
  return (
    <RequireSession>
      {(session) => {
        const cluster = session.clusters.find((c) => c.id === clusterId);
        if (!cluster || !target)
          return (
            <NotFound
              title="Kubeconfig link not valid"
              message="The link needs a cluster you can sign in to and a project (or a namespace). Ask whoever sent it for a new one."
            />
          );
        const link = `${window.location.origin}${project ? kubeconfigPagePath(cluster.id, project) : namespaceKubeconfigPagePath(cluster.id, namespace)}`;
        return (
          <ClusterContext.Provider value={{ session, cluster, namespace: undefined }}>
            <Shell>
              <PageHeader
                title={`Kubeconfig for ${project || `namespace ${namespace}`}`}
                crumbs={[
                  { label: cluster.name, to: paths.cluster(cluster.id) },
                  { label: 'Projects', to: paths.clusterPage(cluster.id, 'projects') },
                ]}
                description={`Signed in as ${session.user.name}. This page holds no secret; share the link with your team.`}
                actions={<CopyButton text={link} label="Copy link" />}
              />
              <div className="max-w-3xl p-6">
                <Download cluster={cluster.id} target={target} />
              </div>
            </Shell>
          </ClusterContext.Provider>
        );
      }}
    </RequireSession>
  );
}
