import { useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../api/http.js';
import { paths } from '../../app/cluster.js';
import { Button } from '../../ui/Button.js';
import { Dialog } from '../../ui/Dialog.js';
import { Callout } from '../../ui/Panel.js';
import { reportOf, useCreateProject } from './api.js';
import { ChangeReportView } from './ChangeReportView.js';

const field =
  'mt-1 w-full rounded-md border border-slate-300 px-2.5 py-1.5 font-mono text-sm dark:border-slate-600 dark:bg-slate-800';

/** A project is created as labelled namespaces, with its creator as admin; all or nothing. */
export function CreateProjectDialog({
  cluster,
  onClose,
}: {
  cluster: string;
  onClose: () => void;
}) {
  const create = useCreateProject(cluster);
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [namespaces, setNamespaces] = useState('');
  const list = [...new Set(namespaces.split(/[\s,]+/).filter(Boolean))];
  const effective = list.length ? list : name ? [name] : [];
  const failed = create.error ? reportOf(create.error) : undefined;
  const submit = () =>
    create.mutate(
      { name, namespaces: effective },
      { onSuccess: () => void navigate(paths.clusterPage(cluster, `projects/${name}`)) },
    );
  return (
    <Dialog
      open
      title="Create project"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" onClick={submit} disabled={create.isPending || !name}>
            {create.isPending ? 'Creating…' : 'Create project'}
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        <label className="block">
          <span className="font-medium">Name</span>
          <input
            className={field}
            value={name}
            onChange={(e) => setName(e.target.value.toLowerCase())}
          />
        </label>
        <label className="block">
          <span className="font-medium">Namespaces</span>
          <span className="block text-xs text-slate-500">
            New namespaces, separated by spaces or commas; default: one named like the project
          </span>
          <input
            className={field}
            value={namespaces}
            onChange={(e) => setNamespaces(e.target.value)}
            placeholder={name || 'team, team-staging'}
          />
        </label>
        <p className="text-xs text-slate-500">
          You become admin of {effective.join(', ') || 'the new namespaces'}.
        </p>
        {create.error && (
          <Callout tone="error" title="The project was not created">
            {errorMessage(create.error)}
          </Callout>
        )}
        {failed && <ChangeReportView report={failed} />}
      </div>
    </Dialog>
  );
}
