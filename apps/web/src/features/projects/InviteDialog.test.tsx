import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ProjectDetail } from './api.js';
import { InviteDialog } from './InviteDialog.js';

const project: ProjectDetail = {
  name: 'payments',
  namespaces: ['payments', 'payments-staging'],
  myLevels: ['developer'],
  collaborators: [],
  levels: [
    { name: 'viewer', clusterRole: 'view', description: 'Read' },
    { name: 'developer', clusterRole: 'edit', description: 'Change workloads' },
    { name: 'admin', clusterRole: 'admin', description: 'Everything' },
  ],
  grantableLevels: ['viewer', 'developer'],
  canManage: true,
  canDelete: false,
  canEditNamespaces: false,
  unverifiedNamespaces: [],
  kubeconfigLink: 'http://127.0.0.1:8080/kubeconfig?cluster=dev&project=payments',
};

function renderDialog() {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  return render(
    <QueryClientProvider client={client}>
      <InviteDialog open cluster="dev" project={project} onClose={() => undefined} />
    </QueryClientProvider>,
  );
}

afterEach(cleanup);

describe('InviteDialog', () => {
  it('offers only levels the inviter’s permissions cover, and says why the others are not', () => {
    renderDialog();
    expect((screen.getByRole('radio', { name: /^viewer/ }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('radio', { name: /^developer/ }) as HTMLInputElement).disabled).toBe(
      false,
    );
    expect((screen.getByRole('radio', { name: /^admin/ }) as HTMLInputElement).disabled).toBe(true);
    expect(
      screen.getByText('Above your own access here: the API server would refuse it.'),
    ).toBeTruthy();
  });

  it('counts the people named and cannot submit without any', () => {
    renderDialog();
    const submit = () => screen.getByRole('button', { name: /^Invite/ }) as HTMLButtonElement;
    expect(submit().disabled).toBe(true);
    fireEvent.change(screen.getByRole('textbox', { name: /^Users/ }), {
      target: { value: 'joe, carol' },
    });
    fireEvent.change(screen.getByRole('textbox', { name: /^Groups/ }), {
      target: { value: 'sre' },
    });
    expect(submit().textContent).toBe('Invite 3');
    expect(submit().disabled).toBe(false);
  });
});
