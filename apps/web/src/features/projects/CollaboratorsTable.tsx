import { useState } from 'react';
import { Badge } from '../../ui/Badge.js';
import { Button } from '../../ui/Button.js';
import type { Collaborator, ProjectDetail } from './api.js';
import { visibleName } from './names.js';
import { SubjectName } from './SubjectName.js';
import { ChangeLevelDialog, RemoveCollaboratorDialog } from './CollaboratorDialogs.js';

function isMe(c: Collaborator, me: { name: string; groups: string[] }): boolean {
  return c.subject.kind === 'User'
    ? c.subject.name === me.name
    : me.groups.includes(c.subject.name);
}

/** Collaborators with their level; changing or removing one's own access is not offered (the BFF refuses it too). */
export function CollaboratorsTable({
  cluster,
  project,
  me,
}: {
  cluster: string;
  project: ProjectDetail;
  me: { name: string; groups: string[] };
}) {
  const [editing, setEditing] = useState<{ c: Collaborator; what: 'level' | 'remove' }>();
  return (
    <>
      {/* Scrolls sideways inside the panel, not the page, if the actions still do not fit. */}
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <thead className="text-left text-xs text-slate-500 uppercase">
            <tr>
              <th className="px-4 py-2 font-medium">Collaborator</th>
              <th className="px-4 py-2 font-medium">Level</th>
              <th className="hidden px-4 py-2 font-medium sm:table-cell">Invited</th>
              <th className="hidden px-4 py-2 font-medium sm:table-cell">Expires</th>
              <th className="px-4 py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {project.collaborators.map((c) => {
              const key = `${c.subject.kind}:${c.subject.name}:${c.level}`;
              const mine = isMe(c, me);
              return (
                <tr key={key} aria-label={`${c.subject.kind} ${visibleName(c.subject.name)}`}>
                  <td className="px-4 py-2">
                    <SubjectName name={c.subject.name} />{' '}
                    {c.subject.kind === 'Group' && <Badge>group</Badge>}{' '}
                    {mine && <Badge tone="brand">you</Badge>}
                  </td>
                  <td className="px-4 py-2">
                    <Badge
                      tone={c.clusterRole === 'admin' ? 'purple' : 'neutral'}
                      title={`ClusterRole ${c.clusterRole}`}
                    >
                      {c.level}
                    </Badge>
                    {!c.complete && (
                      <span className="ml-2 text-xs text-amber-700 dark:text-amber-300">
                        only in {c.namespaces.join(', ')}
                      </span>
                    )}
                    {c.expiresAt && (
                      <span className="mt-1 block text-xs sm:hidden">
                        expires {new Date(c.expiresAt).toLocaleString()}
                      </span>
                    )}
                  </td>
                  <td className="hidden px-4 py-2 text-xs text-slate-500 sm:table-cell">
                    {c.invitedBy
                      ? `by ${c.invitedBy}${c.invitedAt ? `, ${new Date(c.invitedAt).toLocaleDateString()}` : ''}`
                      : '—'}
                  </td>
                  <td className="hidden px-4 py-2 text-xs sm:table-cell">
                    {c.expiresAt ? new Date(c.expiresAt).toLocaleString() : 'never'}
                  </td>
                  <td className="px-2 py-2 text-right sm:px-4 sm:whitespace-nowrap">
                    {project.canManage && !mine && (
                      <>
                        <Button
                          variant="ghost"
                          onClick={() => setEditing({ c, what: 'level' })}
                          aria-label={`Change level of ${visibleName(c.subject.name)}`}
                        >
                          Change level
                        </Button>
                        <Button
                          variant="ghost"
                          onClick={() => setEditing({ c, what: 'remove' })}
                          aria-label={`Remove ${visibleName(c.subject.name)}`}
                        >
                          Remove
                        </Button>
                      </>
                    )}
                    {project.canManage && mine && (
                      <span className="text-xs text-slate-500">
                        ask another admin to change your access
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {editing?.what === 'level' && (
        <ChangeLevelDialog
          cluster={cluster}
          project={project}
          collaborator={editing.c}
          onClose={() => setEditing(undefined)}
        />
      )}
      {editing?.what === 'remove' && (
        <RemoveCollaboratorDialog
          cluster={cluster}
          project={project}
          collaborator={editing.c}
          onClose={() => setEditing(undefined)}
        />
      )}
    </>
  );
}
