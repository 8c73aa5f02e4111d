import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { paths, useCluster } from '../../app/cluster.js';
import { useToast } from '../../app/toasts.js';
import { Badge } from '../../ui/Badge.js';
import { Button, ButtonLink } from '../../ui/Button.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { Panel } from '../../ui/Panel.js';
import { QueryState } from '../../ui/QueryState.js';
import { CopyButton } from '../kubeconfig/CopyButton.js';
import { kubeconfigPagePath } from '../kubeconfig/links.js';
import { useProject } from './api.js';
import { DeleteProjectDialog } from './CollaboratorDialogs.js';
import { CollaboratorsTable } from './CollaboratorsTable.js';
import { InviteDialog } from './InviteDialog.js';
import { NamespacesPanel } from './NamespacesPanel.js';

export function ProjectPage() {
  const { project: name = '' } = useParams();
  const { cluster, session } = useCluster();
  const query = useProject(cluster.id, name);
  const [inviting, setInviting] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const navigate = useNavigate();
  const { notify } = useToast();
  const p = query.data;
  return (
    <>
      <PageHeader
        title={`Project ${name}`}
        crumbs={[
          { label: cluster.name, to: paths.cluster(cluster.id) },
          { label: 'Projects', to: paths.clusterPage(cluster.id, 'projects') },
        ]}
        badges={p?.myLevels.map((l) => (
          <Badge key={l} tone="brand">
            you: {l}
          </Badge>
        ))}
        actions={
          p && (
            <>
              {p.myLevels.length > 0 && (
                <ButtonLink variant="primary" to={kubeconfigPagePath(cluster.id, name)}>
                  Get my kubeconfig
                </ButtonLink>
              )}
              <CopyButton text={p.kubeconfigLink} label="Copy kubeconfig link" />
              {p.canManage && (
                <Button variant="primary" onClick={() => setInviting(true)}>
                  Invite
                </Button>
              )}
              {p.canDelete && (
                <Button variant="danger" onClick={() => setDeleting(true)}>
                  Delete project
                </Button>
              )}
            </>
          )
        }
      />
      <QueryState query={query} what={`project ${name}`}>
        {p && (
          <div className="grid grid-cols-1 gap-6 p-6 lg:grid-cols-3">
            <Panel title={`Collaborators (${p.collaborators.length})`} className="lg:col-span-2">
              <CollaboratorsTable cluster={cluster.id} project={p} me={session.user} />
            </Panel>
            <div className="space-y-6">
              <Panel title="Your access">
                <div className="space-y-1 px-4 py-3 text-sm">
                  <p>
                    {p.myLevels.length
                      ? `You are ${p.myLevels.join(' and ')} in this project.`
                      : 'You see this project through cluster-wide permissions; you are not a collaborator.'}
                  </p>
                  <p className="text-xs text-slate-500">
                    {p.canManage
                      ? `You may invite at: ${p.grantableLevels.join(', ') || 'no level'}.`
                      : 'You cannot change collaborators here.'}
                  </p>
                </div>
              </Panel>
              <NamespacesPanel cluster={cluster.id} project={p} />
            </div>
            {inviting && (
              <InviteDialog
                open
                cluster={cluster.id}
                project={p}
                onClose={() => setInviting(false)}
              />
            )}
            {deleting && (
              <DeleteProjectDialog
                cluster={cluster.id}
                project={p}
                onClose={() => setDeleting(false)}
                onDeleted={() => {
                  notify('success', `Project ${name} deleted`);
                  void navigate(paths.clusterPage(cluster.id, 'projects'));
                }}
              />
            )}
          </div>
        )}
      </QueryState>
    </>
  );
}
