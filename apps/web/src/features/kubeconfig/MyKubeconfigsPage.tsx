import { useState } from 'react';
import { errorMessage } from '../../api/http.js';
import { paths, useCluster } from '../../app/cluster.js';
import { useToast } from '../../app/toasts.js';
import { Badge } from '../../ui/Badge.js';
import { Button } from '../../ui/Button.js';
import { ConfirmDialog } from '../../ui/Dialog.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { Callout, EmptyState, Panel } from '../../ui/Panel.js';
import { QueryState } from '../../ui/QueryState.js';
import { useMyKubeconfigs, useRevoke } from './api.js';

/** Every kubeconfig file issued to the signed-in person, on every cluster, each revocable alone. */
export function MyKubeconfigsPage() {
  const { cluster } = useCluster();
  const query = useMyKubeconfigs();
  const revoke = useRevoke();
  const { notify } = useToast();
  const [confirmAll, setConfirmAll] = useState(false);
  const files = query.data?.kubeconfigs ?? [];
  const onError = (err: unknown) => notify('error', 'Revoking failed', errorMessage(err));
  return (
    <>
      <PageHeader
        title="My kubeconfigs"
        crumbs={[{ label: cluster.name, to: paths.cluster(cluster.id) }]}
        description="Files Gatehouse issued to you. Revoking one stops that file at once; the others keep working."
        actions={
          files.some((f) => f.status === 'active') && (
            <Button variant="danger" onClick={() => setConfirmAll(true)}>
              Revoke all
            </Button>
          )
        }
      />
      <div className="space-y-4 p-6">
        <QueryState query={query} what="your kubeconfigs">
          {query.data?.errors.map((e) => (
            <Callout key={e.cluster} tone="warning" title={`Could not list files on ${e.cluster}`}>
              {e.message}
            </Callout>
          ))}
          <Panel>
            {files.length === 0 ? (
              <EmptyState title="No kubeconfigs">
                Open a project you collaborate on and choose “Get my kubeconfig”.
              </EmptyState>
            ) : (
              <table className="w-full text-sm">
                <thead className="text-left text-xs text-slate-500 uppercase">
                  <tr>
                    <th className="px-4 py-2 font-medium">Project</th>
                    <th className="px-4 py-2 font-medium">Cluster</th>
                    <th className="px-4 py-2 font-medium">Namespace</th>
                    <th className="px-4 py-2 font-medium">Issued</th>
                    <th className="px-4 py-2 font-medium">Expires</th>
                    <th className="px-4 py-2 font-medium">Status</th>
                    <th className="px-4 py-2">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                  {files.map((f) => (
                    <tr key={`${f.cluster}/${f.id}`} aria-label={`kubeconfig ${f.id}`}>
                      <td className="px-4 py-2 font-medium">
                        {f.project || <span className="text-slate-500">namespace only</span>}
                      </td>
                      <td className="px-4 py-2">{f.cluster}</td>
                      <td className="px-4 py-2 font-mono text-xs">{f.namespace}</td>
                      <td className="px-4 py-2 text-xs">{new Date(f.issuedAt).toLocaleString()}</td>
                      <td className="px-4 py-2 text-xs">
                        {new Date(f.expiresAt).toLocaleString()}
                      </td>
                      <td className="px-4 py-2">
                        <Badge tone={f.status === 'active' ? 'green' : 'neutral'}>{f.status}</Badge>
                      </td>
                      <td className="px-4 py-2 text-right">
                        <Button
                          variant="ghost"
                          disabled={revoke.isPending}
                          aria-label={`Revoke kubeconfig ${f.id}`}
                          onClick={() =>
                            revoke.mutate(
                              { cluster: f.cluster, id: f.id },
                              {
                                onSuccess: () =>
                                  notify('success', `Kubeconfig for ${f.project} revoked`),
                                onError,
                              },
                            )
                          }
                        >
                          Revoke
                        </Button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Panel>
        </QueryState>
      </div>
      <ConfirmDialog
        open={confirmAll}
        title="Revoke all your kubeconfigs?"
        confirmLabel="Revoke all"
        busy={revoke.isPending}
        onClose={() => setConfirmAll(false)}
        onConfirm={() =>
          revoke.mutate(undefined, {
            onSuccess: (r) => {
              notify(
                'success',
                `${r.revoked.length} kubeconfig(s) revoked`,
                r.identities?.length
                  ? `Your kubeconfig identity was removed too (${r.identities.length}); a new download makes a new one.`
                  : undefined,
              );
              for (const e of r.errors)
                notify('error', `Not revoked on cluster ${e.cluster}: ${e.message}; try again`);
              setConfirmAll(false);
            },
            onError,
          })
        }
      >
        <p>
          Every file Gatehouse issued to you stops working at once, on every cluster, and the
          identity they stood for is removed with the bindings made for it. Your project memberships
          stay: download new files when you need them.
        </p>
      </ConfirmDialog>
    </>
  );
}
