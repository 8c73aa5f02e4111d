import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError } from '../../api/http.js';
import { ToastProvider } from '../../app/toasts.js';
import { accessKeys, type Impact } from '../analysis/api.js';
import type { Collaborator, ProjectDetail } from './api.js';
import { RemoveCollaboratorDialog } from './CollaboratorDialogs.js';
import { inviteChanges, removeChanges } from './impactChanges.js';
import { InviteDialog } from './InviteDialog.js';

const project: ProjectDetail = {
  name: 'payments',
  namespaces: ['payments', 'payments-staging'],
  myLevels: ['admin'],
  collaborators: [],
  levels: [
    { name: 'viewer', clusterRole: 'view', description: 'Read' },
    { name: 'developer', clusterRole: 'edit', description: 'Change workloads' },
  ],
  grantableLevels: ['viewer', 'developer'],
  canManage: true,
  canDelete: false,
  canEditNamespaces: false,
  unverifiedNamespaces: [],
  kubeconfigLink: 'http://127.0.0.1:8080/kubeconfig?cluster=dev&project=payments',
};

const joe: Collaborator = {
  subject: { kind: 'User', name: 'joe' },
  level: 'developer',
  clusterRole: 'edit',
  namespaces: ['payments'],
  complete: true,
  bindings: [{ namespace: 'payments', name: 'gatehouse-joe' }],
};

const pods = (verbs: string[]) => [{ apiGroups: [''], resources: ['pods'], verbs }];

// The query cache stands in for the BFF's answers: the dialogs must ask, per namespace, about
// exactly these writes (a different body would miss the cache and fetch instead).
function renderWith(ui: React.ReactNode, answers: [unknown, Impact | ApiError][]) {
  const client = new QueryClient({
    defaultOptions: {
      queries: { retry: false, retryOnMount: false, staleTime: Infinity },
      mutations: { retry: false },
    },
  });
  for (const [change, answer] of answers) {
    const queryKey = accessKeys.impact('dev', JSON.stringify(change));
    if (answer instanceof ApiError)
      client
        .getQueryCache()
        .build(client, { queryKey })
        .setState({ status: 'error', error: answer, fetchStatus: 'idle' });
    else client.setQueryData(queryKey, answer);
  }
  return render(
    <QueryClientProvider client={client}>
      <ToastProvider>{ui}</ToastProvider>
    </QueryClientProvider>,
  );
}

afterEach(cleanup);

const complete = { complete: true, namespaces: 'all' as const, missing: [], unreadableRoles: [] };

describe('change impact in the collaborator dialogs', () => {
  it('the invite dialog shows what each invited person gains in every namespace before inviting', async () => {
    const changes = inviteChanges(project, [{ kind: 'User', name: 'joe' }], 'view') ?? [];
    expect(changes.map((c) => c.object.metadata.namespace)).toEqual([
      'payments',
      'payments-staging',
    ]);
    // Both namespaces' writes go to the BFF as one change.
    renderWith(<InviteDialog open cluster="dev" project={project} onClose={() => undefined} />, [
      [
        { changes },
        {
          scope: complete,
          danglingBindings: [],
          aggregatedRoles: [],
          userGroups: {},
          subjects: [
            {
              subject: { kind: 'User', name: 'joe' },
              gained: [
                { namespace: 'payments', rules: pods(['get', 'list']) },
                { namespace: 'payments-staging', rules: pods(['get', 'list']) },
              ],
              lost: [],
            },
          ],
        },
      ],
    ]);
    expect(screen.queryByRole('region', { name: 'Impact of this change' })).toBeNull();
    fireEvent.change(screen.getByRole('textbox', { name: /^Users/ }), { target: { value: 'joe' } });
    // The draft settles before it is asked about, so typing does not send a request per key.
    const joeGains = await within(
      screen.getByRole('region', { name: 'Impact of this change' }),
    ).findByRole('listitem', { name: 'User joe' }, { timeout: 5000 });
    expect(joeGains.textContent).toContain('Gains');
    expect(joeGains.textContent).toContain('get, list pods (core) in payments');
    expect(joeGains.textContent).toContain('get, list pods (core) in payments-staging');
  });

  it('the remove dialog shows what the person loses', () => {
    const [deletion] = removeChanges(joe);
    expect(deletion?.operation).toBe('delete');
    renderWith(
      <RemoveCollaboratorDialog
        cluster="dev"
        project={project}
        collaborator={joe}
        onClose={() => undefined}
      />,
      [
        [
          deletion,
          {
            scope: complete,
            danglingBindings: [],
            aggregatedRoles: [],
            userGroups: {},
            subjects: [
              {
                subject: { kind: 'User', name: 'joe' },
                gained: [],
                lost: [{ namespace: 'payments', rules: pods(['create', 'delete']) }],
              },
            ],
          },
        ],
      ],
    );
    const impact = within(screen.getByRole('region', { name: 'Impact of this change' }));
    expect(impact.getByRole('listitem', { name: 'User joe' }).textContent).toContain(
      'Losescreate, delete pods (core) in payments',
    );
  });

  it('someone who may not use analysis sees why the impact is unavailable, not an error', () => {
    const [deletion] = removeChanges(joe);
    renderWith(
      <RemoveCollaboratorDialog
        cluster="dev"
        project={project}
        collaborator={joe}
        onClose={() => undefined}
      />,
      [
        [
          deletion,
          new ApiError('user "bob" cannot list clusterrolebindings…', 403, 'Forbidden', {
            missing: [
              { apiGroup: 'rbac.authorization.k8s.io', resource: 'clusterroles', namespace: '' },
              { apiGroup: 'rbac.authorization.k8s.io', resource: 'rolebindings', namespace: '' },
            ],
          }),
        ],
      ],
    );
    const impact = screen.getByRole('region', { name: 'Impact of this change' });
    // In words, from what is missing, not the server's message.
    expect(impact.textContent).toContain(
      'Impact unavailable: working out who gains or loses needs permission to list ClusterRoles and RoleBindings in every namespace, which you do not have.',
    );
    expect(impact.textContent).not.toContain('cannot list');
    expect(impact.textContent).not.toContain('could not be computed');
  });
});
