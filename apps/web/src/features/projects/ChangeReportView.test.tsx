import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import type { ChangeReport } from './api.js';
import { ChangeReportView } from './ChangeReportView.js';

// The projects plan view: what a multi-step change did, step by step.
const step = (
  description: string,
  status: ChangeReport['steps'][number]['status'],
): ChangeReport['steps'][number] => ({
  op: 'create',
  kind: 'RoleBinding',
  namespace: 'shop',
  name: description,
  description,
  status,
});

afterEach(cleanup);

describe('ChangeReportView', () => {
  it('says all was made, lists each step as done and leaves out the message', () => {
    render(
      <ChangeReportView
        report={{
          outcome: 'completed',
          message: 'internal detail',
          steps: [step('Bind dave in shop', 'done'), step('Bind dave in shop-staging', 'done')],
        }}
      />,
    );
    expect(screen.getByText('All changes made')).toBeTruthy();
    expect(screen.queryByText('internal detail')).toBeNull();
    const steps = within(screen.getByRole('list', { name: 'Steps' })).getAllByRole('listitem');
    expect(steps.map((s) => s.textContent)).toEqual([
      'Bind dave in shopdone',
      'Bind dave in shop-stagingdone',
    ]);
  });

  it('says a rolled-back change changed nothing, with the reason and each step undone', () => {
    render(
      <ChangeReportView
        report={{
          outcome: 'rolled-back',
          message: 'The API server refused the second binding.',
          steps: [
            step('Bind dave in shop', 'rolled-back'),
            step('Bind dave in shop-staging', 'failed'),
          ],
        }}
      />,
    );
    expect(screen.getByText('Nothing changed: the change was rolled back')).toBeTruthy();
    expect(screen.getByText('The API server refused the second binding.')).toBeTruthy();
    const steps = within(screen.getByRole('list', { name: 'Steps' })).getAllByRole('listitem');
    expect(steps.map((s) => s.lastChild?.textContent)).toEqual(['rolled back', 'failed']);
  });

  it('says which parts remain when the rollback itself failed', () => {
    render(
      <ChangeReportView
        report={{
          outcome: 'partial',
          message: 'Undo failed.',
          steps: [
            step('Bind dave in shop', 'rollback-failed'),
            step('Bind dave in shop-staging', 'failed'),
            step('Bind dave in shop-dev', 'not-run'),
          ],
        }}
      />,
    );
    expect(screen.getByText('Partly applied: some steps remain')).toBeTruthy();
    const steps = within(screen.getByRole('list', { name: 'Steps' })).getAllByRole('listitem');
    expect(steps.map((s) => s.lastChild?.textContent)).toEqual([
      'could not be undone',
      'failed',
      'not run',
    ]);
  });
});
