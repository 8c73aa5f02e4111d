import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import type { FieldError, PolicyRule } from '@gatehouse/policy';
import type { DiscoveredGroup } from '../../api/discovery.js';
import { RuleEditor } from './RuleEditor.js';

const discovery: DiscoveredGroup[] = [
  {
    group: '',
    resources: [
      { name: 'nodes', namespaced: false, verbs: ['get', 'list'] },
      { name: 'pods', namespaced: true, verbs: ['get', 'list', 'create'] },
      { name: 'pods/log', namespaced: true, verbs: ['get'] },
    ],
  },
  {
    group: 'rbac.authorization.k8s.io',
    resources: [{ name: 'roles', namespaced: true, verbs: ['get', 'list'] }],
  },
];

let latest: PolicyRule[] = [];
function Harness({
  initial = [],
  namespaced = false,
  errors = [],
}: {
  initial?: PolicyRule[];
  namespaced?: boolean;
  errors?: FieldError[];
}) {
  const [rules, setRules] = useState(initial);
  const onChange = (next: PolicyRule[]) => {
    latest = next;
    setRules(next);
  };
  return (
    <RuleEditor
      rules={rules}
      onChange={onChange}
      discovery={discovery}
      namespaced={namespaced}
      errors={errors}
    />
  );
}

function addToken(label: string, value: string) {
  const input = screen.getByLabelText(label);
  fireEvent.change(input, { target: { value } });
  fireEvent.keyDown(input, { key: 'Enter' });
}

afterEach(cleanup);

describe('RuleEditor', () => {
  it('builds a rule from groups, resources and verbs', () => {
    render(<Harness />);
    fireEvent.click(screen.getByRole('button', { name: 'Add rule' }));
    addToken('Rule 1 Resources', 'pods');
    addToken('Rule 1 Resources', 'pods/log');
    fireEvent.click(
      within(screen.getByRole('group', { name: 'Rule 1 verbs' })).getByRole('checkbox', {
        name: 'create',
      }),
    );
    fireEvent.click(
      within(screen.getByRole('group', { name: 'Rule 1 verbs' })).getByRole('checkbox', {
        name: 'watch',
      }),
    );
    expect(latest).toEqual([
      { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'create'] },
    ]);
  });

  it('takes "core" as the empty core group and removes tokens one by one', () => {
    render(
      <Harness initial={[{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] }]} />,
    );
    addToken('Rule 1 API groups', 'core');
    expect(latest[0]?.apiGroups).toEqual(['apps', '']);
    fireEvent.click(screen.getByRole('button', { name: 'Remove Rule 1 API groups apps' }));
    expect(latest[0]?.apiGroups).toEqual(['']);
  });

  it('offers bind and escalate once the rule is about roles', () => {
    render(
      <Harness
        initial={[{ apiGroups: ['rbac.authorization.k8s.io'], resources: [], verbs: ['get'] }]}
      />,
    );
    const verbs = () => within(screen.getByRole('group', { name: 'Rule 1 verbs' }));
    expect(verbs().queryByRole('checkbox', { name: 'escalate' })).toBeNull();
    addToken('Rule 1 Resources', 'roles');
    expect(verbs().getByRole('checkbox', { name: 'escalate' })).toBeTruthy();
    expect(verbs().getByRole('checkbox', { name: 'bind' })).toBeTruthy();
  });

  it('switches a ClusterRole rule to non-resource URLs, which a Role cannot have', () => {
    const { unmount } = render(
      <Harness initial={[{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]} />,
    );
    fireEvent.change(screen.getByRole('combobox', { name: 'Rule 1 applies to' }), {
      target: { value: 'nonResource' },
    });
    addToken('Rule 1 Non-resource URLs', '/metrics');
    expect(latest).toEqual([{ verbs: ['get'], nonResourceURLs: ['/metrics'] }]);
    unmount();
    render(
      <Harness namespaced initial={[{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]} />,
    );
    expect(screen.queryByRole('combobox', { name: 'Rule 1 applies to' })).toBeNull();
  });

  it('shows validation errors on the rule they belong to and removes rules', () => {
    render(
      <Harness
        initial={[
          { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
          { apiGroups: [''], resources: ['pods'], verbs: [] },
        ]}
        errors={[
          {
            field: 'rules[1].verbs',
            message: 'Required value: verbs must contain at least one value',
            type: 'FieldValueRequired',
          },
        ]}
      />,
    );
    const second = screen.getByRole('group', { name: 'Rule 2' });
    expect(within(second).getByText(/verbs must contain at least one value/)).toBeTruthy();
    expect(
      within(screen.getByRole('group', { name: 'Rule 1' })).queryByText(/verbs must contain/),
    ).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Remove Rule 1' }));
    expect(latest).toHaveLength(1);
  });

  it('flags a resource discovery does not serve and swaps in a suggestion, without blocking', () => {
    render(<Harness initial={[{ apiGroups: [''], resources: ['po'], verbs: ['get'] }]} />);
    const warnings = screen.getByRole('list', { name: 'Rule 1 names the cluster does not serve' });
    expect(within(warnings).getByText('po is not served by core ("").')).toBeTruthy();
    fireEvent.click(
      within(warnings).getByRole('button', { name: 'Rule 1: use resource pods instead of po' }),
    );
    expect(latest).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]);
    expect(
      screen.queryByRole('list', { name: 'Rule 1 names the cluster does not serve' }),
    ).toBeNull();
  });

  it('offers only the verbs discovery lists for the resource, keeping ticked ones visible', () => {
    render(<Harness initial={[{ apiGroups: [''], resources: ['pods/log'], verbs: ['watch'] }]} />);
    const verbs = within(screen.getByRole('group', { name: 'Rule 1 verbs' }));
    expect(verbs.getAllByRole('checkbox').map((c) => c.parentElement?.textContent)).toEqual([
      '*',
      'get',
      'watch',
    ]);
    expect(verbs.getByText('(not listed by discovery)')).toBeTruthy();
  });
});

describe('RuleEditor keyboard', () => {
  it('moves focus into the rule that "Add rule" adds', () => {
    render(<Harness initial={[{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]} />);
    fireEvent.click(screen.getByRole('button', { name: 'Add rule' }));
    expect(document.activeElement).toBe(screen.getByLabelText('Rule 2 API groups'));
  });

  it('names the field of an error as the form does', () => {
    render(
      <Harness
        initial={[{ apiGroups: [''], resources: ['pods'], verbs: [] }]}
        errors={[
          { field: 'rules[0].verbs', type: 'FieldValueRequired', message: 'Required value' },
        ]}
      />,
    );
    expect(screen.getByText(/Rule 1 › Verbs: Required value/)).toBeTruthy();
  });
});
