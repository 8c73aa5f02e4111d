import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import { accessKeys, type Impact } from './api.js';
import { ImpactView, type ProposedChange } from './ImpactPanel.js';

const RBAC = 'rbac.authorization.k8s.io';
const reader: ProposedChange = {
  operation: 'delete',
  object: { kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [] },
};
const pods = [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }];

// The query cache stands in for the BFF's answer to exactly this body.
function renderAnswer(changes: ProposedChange[], answer: Impact) {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false, retryOnMount: false, staleTime: Infinity } },
  });
  const body = changes.length === 1 ? changes[0] : { changes };
  client.setQueryData(accessKeys.impact('dev', JSON.stringify(body)), answer);
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter>
        <ImpactView cluster="dev" changes={changes} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

afterEach(cleanup);

const complete = { complete: true, namespaces: 'all' as const, missing: [], unreadableRoles: [] };

describe('ImpactView', () => {
  it('lists the bindings left dangling with links, the aggregated roles that shrink and the groups used', async () => {
    renderAnswer([reader], {
      scope: complete,
      subjects: [
        {
          subject: { kind: 'User', apiGroup: RBAC, name: 'pia' },
          gained: [],
          lost: [{ namespace: 'payments', rules: pods }],
        },
        {
          subject: { kind: 'User', apiGroup: RBAC, name: 'joe' },
          gained: [],
          lost: [{ namespace: '', rules: pods }],
        },
      ],
      danglingBindings: [
        {
          kind: 'RoleBinding',
          name: 'reader',
          namespace: 'data',
          roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'reader' },
        },
        {
          kind: 'ClusterRoleBinding',
          name: 'readers',
          roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'reader' },
        },
      ],
      aggregatedRoles: [{ name: 'monitoring', gained: [], lost: pods }],
      userGroups: {
        pia: { groups: ['system:authenticated'], source: 'none' },
        joe: {
          groups: ['devel', 'system:authenticated'],
          source: 'sign-in',
          at: '2026-12-01T10:00:00Z',
        },
      },
    });
    const panel = within(await screen.findByRole('region', { name: 'Impact of this change' }));
    const dangling = within(panel.getByRole('region', { name: 'Bindings left dangling' }));
    expect(dangling.getByText('2 bindings left pointing at a missing role')).toBeTruthy();
    expect(
      dangling.getByRole('link', { name: 'RoleBinding data/reader' }).getAttribute('href'),
    ).toBe('/c/dev/ns/data/rolebindings/reader');
    expect(
      dangling.getByRole('link', { name: 'ClusterRoleBinding readers' }).getAttribute('href'),
    ).toBe('/c/dev/clusterrolebindings/readers');
    const monitoring = within(
      panel.getByRole('region', { name: 'Aggregated roles that change' }),
    ).getByRole('listitem', { name: 'ClusterRole monitoring' });
    expect(monitoring.textContent).toContain('Losesget pods (core)');
    expect(panel.getByRole('listitem', { name: 'User pia' }).textContent).toContain(
      'Groups unknown',
    );
    expect(panel.getByRole('listitem', { name: 'User joe' }).textContent).toContain(
      'With the groups of their last sign-in',
    );
    expect(panel.getByRole('listitem', { name: 'User joe' }).textContent).toContain('devel.');
  });

  it('several writes are asked about as one change', async () => {
    const create: ProposedChange = {
      operation: 'create',
      object: {
        kind: 'RoleBinding',
        metadata: { name: 'b', namespace: 'payments' },
        roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'edit' },
        subjects: [],
      },
    };
    renderAnswer([reader, create], {
      scope: complete,
      subjects: [],
      danglingBindings: [],
      aggregatedRoles: [],
      userGroups: {},
    });
    const panel = await screen.findByRole('region', { name: 'Impact of this change' });
    expect(panel.textContent).toContain('Nobody gains or loses any permission with this change.');
    expect(within(panel).queryByRole('region', { name: 'Bindings left dangling' })).toBeNull();
  });
});
