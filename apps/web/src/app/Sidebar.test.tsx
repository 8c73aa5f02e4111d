import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import type { Capabilities } from '../api/session.js';
import { personas } from '../access/personas.testdata.js';
import { ClusterContext } from './cluster.js';
import { FleetContext } from './fleet.js';
import { Sidebar } from './Sidebar.js';

// The sidebar: a list per section, named by its heading (page objects and screen readers find the
// Fleet group by that name), and the Fleet group only with more than one cluster.
function renderAs(caps: Capabilities, clusterIds: string[]) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const clusters = clusterIds.map((id) => ({ id, name: id, capabilities: caps }));
  const cluster = clusters[0]!;
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={['/c/dev']}>
        <FleetContext.Provider value={{ clusters: [], home: 'dev', loading: false }}>
          <ClusterContext.Provider
            value={{
              session: {
                user: { name: 'u', groups: [] },
                authMode: 'demo',
                csrfToken: 't',
                clusters,
              },
              cluster,
              namespace: undefined,
            }}
          >
            <Sidebar open onNavigate={() => {}} />
          </ClusterContext.Provider>
        </FleetContext.Provider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

afterEach(cleanup);

describe('Sidebar', () => {
  it('names each section’s list by its heading, the Fleet group included', () => {
    renderAs(personas.alice, ['dev', 'staging']);
    const nav = screen.getByRole('navigation', { name: 'Primary' });
    const fleet = within(nav).getByRole('list', { name: 'Fleet' });
    expect(
      within(fleet)
        .getAllByRole('link')
        .map((l) => l.textContent),
    ).toEqual(['Policies', 'Projects', 'Access']);
    expect(within(fleet).getByRole('link', { name: 'Projects' }).getAttribute('href')).toBe(
      '/fleet/projects',
    );
    const access = within(nav).getByRole('list', { name: 'Cluster access' });
    expect(within(access).getByRole('link', { name: 'ClusterRoles' })).toBeTruthy();
    // Every section heading names exactly one list, with an id of its own.
    const headings = within(nav).getAllByRole('heading', { level: 2 });
    const ids = headings.map((h) => h.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const h of headings)
      expect(within(nav).getByRole('list', { name: h.textContent ?? '' })).toBeTruthy();
  });

  it('has no Fleet group with one cluster', () => {
    renderAs(personas.alice, ['dev']);
    const nav = screen.getByRole('navigation', { name: 'Primary' });
    expect(within(nav).queryByRole('list', { name: 'Fleet' })).toBeNull();
    expect(within(nav).getByRole('list', { name: 'Cluster access' })).toBeTruthy();
  });
});
