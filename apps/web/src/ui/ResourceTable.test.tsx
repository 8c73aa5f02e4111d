import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { ResourceTable, type Column } from './ResourceTable.js';

interface Row {
  name: string;
  rules: number;
}
const rows: Row[] = Array.from({ length: 10_000 }, (_, i) => ({
  name: `role-${String(i).padStart(5, '0')}`,
  rules: i % 7,
}));
const columns: Column<Row>[] = [
  { id: 'name', header: 'Name', sortValue: (r) => r.name, cell: (r) => r.name },
  { id: 'rules', header: 'Rules', sortValue: (r) => r.rules, cell: (r) => r.rules },
];

afterEach(cleanup);

describe('ResourceTable with ten thousand rows', () => {
  it('renders only the rows in view, with spacers standing in for the rest', () => {
    render(
      <ResourceTable
        rows={rows}
        columns={columns}
        rowKey={(r) => r.name}
        label="Roles"
        empty={null}
      />,
    );
    const body = screen.getByRole('table', { name: 'Roles' }).querySelector('tbody');
    const rendered = within(body as HTMLElement).getAllByRole('row');
    expect(rendered.length).toBeLessThan(60);
    expect(screen.getByRole('table', { name: 'Roles' }).getAttribute('aria-rowcount')).toBe(
      '10001',
    );
    expect(screen.getByText('role-00000')).toBeTruthy();
    expect(screen.queryByText('role-09999')).toBeNull();
  });

  it('moves the window when scrolled and sorts all rows, not just the visible ones', () => {
    const { container } = render(
      <ResourceTable
        rows={rows}
        columns={columns}
        rowKey={(r) => r.name}
        label="Roles"
        empty={null}
      />,
    );
    const scroller = container.firstElementChild as HTMLElement;
    fireEvent.scroll(scroller, { target: { scrollTop: 41 * 5000 } });
    expect(screen.getByText('role-05000')).toBeTruthy();
    expect(screen.queryByText('role-00000')).toBeNull();
    fireEvent.scroll(scroller, { target: { scrollTop: 0 } });
    fireEvent.click(screen.getByRole('button', { name: /Name/ }));
    expect(screen.getByRole('columnheader', { name: /Name/ }).getAttribute('aria-sort')).toBe(
      'descending',
    );
    expect(screen.getByText('role-09999')).toBeTruthy();
  });

  it('reaches the last row, with no spacer below it', () => {
    const { container } = render(
      <ResourceTable
        rows={rows}
        columns={columns}
        rowKey={(r) => r.name}
        label="Roles"
        empty={null}
      />,
    );
    const scroller = container.firstElementChild as HTMLElement;
    fireEvent.scroll(scroller, { target: { scrollTop: 41 * 10_000 } });
    const last = screen.getByText('role-09999').closest('tr');
    expect(last?.getAttribute('aria-rowindex')).toBe('10001');
    expect(last?.nextElementSibling).toBeNull();
  });
});
