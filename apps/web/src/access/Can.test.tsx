import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { Capabilities } from '../api/session.js';
import { ClusterContext } from '../app/cluster.js';
import { Can } from './Can.js';
import { personas, partiallyKnown } from './personas.testdata.js';

function renderAs(caps: Capabilities, ui: ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const cluster = { id: 'dev', name: 'Dev', capabilities: caps };
  return render(
    <QueryClientProvider client={client}>
      <ClusterContext.Provider
        value={{
          session: {
            user: { name: 'u', groups: [] },
            authMode: 'demo',
            csrfToken: 't',
            clusters: [cluster],
          },
          cluster,
          namespace: undefined,
        }}
      >
        {ui}
      </ClusterContext.Provider>
    </QueryClientProvider>,
  );
}

const rbac = 'rbac.authorization.k8s.io';
afterEach(cleanup);

describe('Can', () => {
  it('shows an action the rules allow and hides one they deny', () => {
    renderAs(
      personas.bob,
      <>
        <Can
          request={{
            verb: 'create',
            apiGroup: rbac,
            resource: 'rolebindings',
            namespace: 'payments',
          }}
        >
          <button type="button">Create RoleBinding</button>
        </Can>
        <Can request={{ verb: 'delete', apiGroup: rbac, resource: 'clusterroles', name: 'admin' }}>
          <button type="button">Delete ClusterRole</button>
        </Can>
      </>,
    );
    expect(screen.getByRole('button', { name: 'Create RoleBinding' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Delete ClusterRole' })).toBeNull();
  });

  it('never guesses when the rules are incomplete: it asks, and says "unknown" when the review cannot be made', async () => {
    // No server answers here, so the SelfSubjectAccessReview fails and the state stays unknown.
    renderAs(
      partiallyKnown,
      <Can request={{ verb: 'delete', apiGroup: rbac, resource: 'clusterroles', name: 'x' }}>
        <button type="button">Delete</button>
      </Can>,
    );
    expect(screen.getByText('Checking permission…')).toBeTruthy();
    expect(await screen.findByText('Permission unknown')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
  });
});
