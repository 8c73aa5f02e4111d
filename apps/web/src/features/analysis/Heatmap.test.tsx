import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render } from '@testing-library/react';
import type { AccessMatrix } from './api.js';
import { Heatmap } from './Heatmap.js';
import { defaultFilters, matrixView } from './matrixModel.js';

// The large fixture's shape: ten thousand namespaces, hundreds of resource types.
const namespaces = Array.from({ length: 10_000 }, (_, i) => ({
  name: `ns-${String(i).padStart(5, '0')}`,
}));
const resources = Array.from({ length: 300 }, (_, i) => ({
  apiGroup: i % 3 === 0 ? '' : `group-${i % 7}.example.com`,
  resource: `things-${i}`,
  namespaced: i % 10 !== 0,
}));
const matrix: AccessMatrix = {
  user: { name: 'tenant', groups: [] },
  verbs: ['get', 'list', 'watch'],
  resources,
  namespaces,
  clusterWide: resources.map((_, i) => (i % 2 === 0 ? 0b001 : 0)),
  namespaced: { 'ns-05000': resources.map(() => 0b111) },
  scope: { complete: true, namespaces: 'all', missing: [], unreadableRoles: [] },
};

afterEach(cleanup);

// Plain DOM queries: role queries over a thousand cells are slower in jsdom than the component itself.
function rowHeaders(root: HTMLElement): string[] {
  return [...root.querySelectorAll('[role="rowheader"] span.font-mono')].map(
    (e) => e.textContent ?? '',
  );
}

function cell(root: HTMLElement, label: string): HTMLElement {
  const found = root.querySelector<HTMLElement>(`[role="gridcell"][aria-label="${label}"]`);
  if (!found) throw new Error(`no cell "${label}"`);
  return found;
}

describe('Heatmap on ten thousand namespaces × 300 resource types', { timeout: 30_000 }, () => {
  it('renders a window of cells, not the three million', () => {
    const { container } = render(
      <Heatmap
        matrix={matrix}
        view={matrixView(matrix, { ...defaultFilters, onlyGranted: false })}
        onSelect={() => undefined}
      />,
    );
    const grid = container.querySelector('[role="grid"]');
    expect(grid?.getAttribute('aria-label')).toBe('Access matrix');
    expect(grid?.getAttribute('aria-rowcount')).toBe('10002');
    expect(container.querySelectorAll('[role="gridcell"]').length).toBeLessThan(2_000);
    expect(rowHeaders(container)).toContain('ns-00000');
    expect(rowHeaders(container)).not.toContain('ns-09999');
  });

  it('follows the scroll to the namespace with its own RoleBindings and reports a clicked cell', () => {
    const picked: Array<{ scope: string; column: number }> = [];
    const { container } = render(
      <Heatmap
        matrix={matrix}
        view={matrixView(matrix, { ...defaultFilters, onlyGranted: false })}
        onSelect={(c) => picked.push(c)}
      />,
    );
    fireEvent.scroll(container.firstElementChild as HTMLElement, {
      target: { scrollTop: 28 * 5001, scrollLeft: 0 },
    });
    expect(rowHeaders(container)).toContain('ns-05000');
    expect(rowHeaders(container)).not.toContain('ns-00000');
    fireEvent.click(cell(container, 'ns-05000, things-1.group-1.example.com: get, list, watch'));
    expect(picked).toEqual([{ scope: 'ns-05000', column: 1 }]);
    // A cluster-scoped type cannot be granted in a namespace.
    expect(cell(container, 'ns-05000, things-0: not namespaced')).toBeTruthy();
  });
});
