import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/http.js';
import { paths } from '../../app/cluster.js';
import { useToast } from '../../app/toasts.js';
import { Badge } from '../../ui/Badge.js';
import { Button } from '../../ui/Button.js';
import { Panel } from '../../ui/Panel.js';
import { useProjectChange, type ProjectDetail } from './api.js';

/** The project's namespaces; those who may delete namespaces can add (new or existing) and remove them. */
export function NamespacesPanel({ cluster, project }: { cluster: string; project: ProjectDetail }) {
  const change = useProjectChange(cluster, project.name);
  const { notify } = useToast();
  const [name, setName] = useState('');
  const act = (action: 'add-namespace' | 'remove-namespace', namespace: string) =>
    change.mutate(
      { action, namespace },
      {
        onSuccess: () => {
          notify(
            'success',
            action === 'add-namespace'
              ? `${namespace} added to ${project.name}`
              : `${namespace} removed from ${project.name}`,
          );
          setName('');
        },
        onError: (err) => notify('error', 'The namespace change was not made', errorMessage(err)),
      },
    );
  return (
    <Panel title={`Namespaces (${project.namespaces.length})`}>
      <ul className="divide-y divide-slate-100 dark:divide-slate-800">
        {project.namespaces.map((ns) => (
          <li key={ns} className="flex items-center justify-between px-4 py-2">
            <Link
              to={paths.namespaceHome(cluster, ns)}
              className="font-mono text-sm hover:underline"
            >
              {ns}
            </Link>
            {project.canDelete && project.namespaces.length > 1 && (
              <Button
                variant="ghost"
                aria-label={`Remove namespace ${ns} from the project`}
                disabled={change.isPending}
                onClick={() => act('remove-namespace', ns)}
              >
                Remove
              </Button>
            )}
          </li>
        ))}
      </ul>
      {project.unverifiedNamespaces.length > 0 && (
        <div className="border-t border-slate-200 px-4 py-3 dark:border-slate-800">
          <p className="text-xs text-slate-500">
            Labelled with this project, but the project's record (on namespace {project.name}) does
            not list them. Anyone who may update a namespace can label it, so Gatehouse does not
            invite into these, issue kubeconfigs for them or delete them.
          </p>
          <ul aria-label="Unverified namespaces" className="mt-2 space-y-1">
            {project.unverifiedNamespaces.map((ns) => (
              <li key={ns} className="flex items-center justify-between gap-2">
                <span className="flex items-center gap-2">
                  <span className="font-mono text-sm">{ns}</span>
                  <Badge tone="amber">unverified</Badge>
                </span>
                {project.canEditNamespaces && (
                  <Button
                    variant="ghost"
                    aria-label={`Verify namespace ${ns} as part of the project`}
                    disabled={change.isPending}
                    onClick={() => act('add-namespace', ns)}
                  >
                    Verify
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {project.canDelete && (
        <form
          className="flex gap-2 border-t border-slate-200 px-4 py-3 dark:border-slate-800"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) act('add-namespace', name.trim());
          }}
        >
          <input
            aria-label="Namespace to add"
            placeholder="namespace"
            value={name}
            onChange={(e) => setName(e.target.value)}
            className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1 font-mono text-sm dark:border-slate-600 dark:bg-slate-800"
          />
          <Button type="submit" disabled={change.isPending || !name.trim()}>
            Add namespace
          </Button>
        </form>
      )}
    </Panel>
  );
}
