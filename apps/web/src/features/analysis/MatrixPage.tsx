import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useCluster, paths } from '../../app/cluster.js';
import { buttonClass } from '../../ui/Button.js';
import { EmptyState, Panel } from '../../ui/Panel.js';
import { QueryState } from '../../ui/QueryState.js';
import { accessUrl, subjectParams, useAccessMatrix, type AccessMatrix } from './api.js';
import { AnalysisPage } from './AnalysisPage.js';
import { ScopeNotice } from './ScopeNotice.js';
import { GroupSourcesNotice } from './GroupSourcesNotice.js';
import { inputClass, SubjectFields } from './forms.js';
import { Heatmap, type SelectedCell } from './Heatmap.js';
import { cellVerbs, defaultFilters, matrixView, type MatrixFilters } from './matrixModel.js';
import { subjectFromParams, subjectReady } from './urlState.js';

function Filters({
  matrix,
  value,
  onChange,
}: {
  matrix: AccessMatrix;
  value: MatrixFilters;
  onChange: (f: MatrixFilters) => void;
}) {
  const groups = useMemo(
    () => [...new Set(matrix.resources.map((r) => r.apiGroup))].sort(),
    [matrix],
  );
  const set = (patch: Partial<MatrixFilters>) => onChange({ ...value, ...patch });
  return (
    <div
      className="grid items-end gap-3 p-4 md:grid-cols-6"
      role="group"
      aria-label="Matrix filters"
    >
      <label className="text-xs font-medium">
        Namespace filter
        <input
          className={inputClass}
          value={value.namespace}
          onChange={(e) => set({ namespace: e.target.value })}
          placeholder="name or project"
        />
      </label>
      <label className="text-xs font-medium">
        Resource filter
        <input
          className={inputClass}
          value={value.resource}
          onChange={(e) => set({ resource: e.target.value })}
          placeholder="e.g. secrets"
        />
      </label>
      <label className="text-xs font-medium">
        API group
        <select
          className={inputClass}
          value={value.apiGroup}
          onChange={(e) => set({ apiGroup: e.target.value })}
        >
          <option value="*">All groups</option>
          {groups.map((g) => (
            <option key={g} value={g}>
              {g || 'core'}
            </option>
          ))}
        </select>
      </label>
      <label className="text-xs font-medium">
        Verb
        <select
          className={inputClass}
          value={value.verb}
          onChange={(e) => set({ verb: e.target.value })}
        >
          <option value="">All verbs</option>
          {matrix.verbs.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-1.5 text-xs">
        <input
          type="checkbox"
          checked={value.onlyOwnGrants}
          onChange={(e) => set({ onlyOwnGrants: e.target.checked })}
        />{' '}
        Only namespaces with RoleBindings
      </label>
      <label className="flex items-center gap-1.5 text-xs">
        <input
          type="checkbox"
          checked={value.onlyGranted}
          onChange={(e) => set({ onlyGranted: e.target.checked })}
        />{' '}
        Only resources with access
      </label>
    </div>
  );
}

/** The page's filters for the CSV export; it keeps every verb column and every matching type, granted or not. */
function csvFilterParams(f: MatrixFilters): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.namespace.trim()) out.namespaceFilter = f.namespace.trim();
  if (f.resource.trim()) out.resourceFilter = f.resource.trim();
  if (f.apiGroup !== '*') out.apiGroup = f.apiGroup;
  if (f.onlyOwnGrants) out.onlyOwnGrants = 'true';
  return out;
}

function CellDetail({ matrix, cell }: { matrix: AccessMatrix; cell: SelectedCell }) {
  const { cluster } = useCluster();
  const t = matrix.resources[cell.column];
  const verbs = cellVerbs(matrix, cell.scope, cell.column) ?? [];
  if (!t) return null;
  const where = cell.scope
    ? `in namespace ${cell.scope}`
    : t.namespaced
      ? 'in every namespace'
      : 'cluster-wide';
  return (
    <Panel title={`${t.resource}${t.apiGroup ? `.${t.apiGroup}` : ''} ${where}`}>
      <div className="space-y-2 p-4 text-sm">
        <p>{verbs.length ? `Allowed: ${verbs.join(', ')}` : 'No access.'}</p>
        <p className="flex flex-wrap gap-2">
          {matrix.verbs.map((verb) => {
            const q = new URLSearchParams({
              verb,
              apiGroup: t.apiGroup,
              resource: t.resource,
              ...(cell.scope ? { namespace: cell.scope } : {}),
            });
            return (
              <Link
                key={verb}
                className="text-xs text-brand-700 hover:underline dark:text-indigo-300"
                to={`${paths.clusterPage(cluster.id, 'access/who-can')}?${q}`}
              >
                Who can {verb}?
              </Link>
            );
          })}
        </p>
      </div>
    </Panel>
  );
}

function MatrixResult({
  matrix,
  csvUrl,
  onInclude,
}: {
  matrix: AccessMatrix;
  csvUrl: (filters: MatrixFilters) => string;
  onInclude: () => void;
}) {
  const [filters, setFilters] = useState<MatrixFilters>(defaultFilters);
  const [selected, setSelected] = useState<SelectedCell | null>(null);
  const view = useMemo(() => matrixView(matrix, filters), [matrix, filters]);
  return (
    <div className="space-y-4">
      <ScopeNotice scope={matrix.scope} />
      <GroupSourcesNotice
        name={matrix.user.name}
        sources={matrix.groupSources}
        onInclude={onInclude}
      />
      <Panel
        title={`Access of ${matrix.user.name || matrix.user.groups.join(', ')}`}
        actions={
          <a className={buttonClass('secondary')} href={csvUrl(filters)} download>
            Export CSV
          </a>
        }
      >
        <Filters matrix={matrix} value={filters} onChange={setFilters} />
        <p className="px-4 pb-3 text-xs text-slate-500">
          {view.rows.length - 1} of {matrix.namespaces.length} namespaces · {view.columns.length} of{' '}
          {matrix.resources.length} resource types · {Object.keys(matrix.namespaced).length}{' '}
          namespaces with their own RoleBindings. Darker cells allow more verbs; hatched cells are
          cluster-scoped types, which only the cluster scope row can grant.
        </p>
      </Panel>
      {view.columns.length === 0 ? (
        <EmptyState title="No access to show">
          Nothing matches the filters: this subject may not use these resources anywhere.
        </EmptyState>
      ) : (
        <Heatmap matrix={matrix} view={view} onSelect={setSelected} />
      )}
      {selected && <CellDetail matrix={matrix} cell={selected} />}
    </div>
  );
}

export function MatrixPage() {
  const { cluster } = useCluster();
  const [params, setParams] = useSearchParams();
  const [subject, setSubject] = useState(() => subjectFromParams(params));
  const asked = subjectFromParams(params);
  const ready = params.has('subjectKind') && subjectReady(asked);
  const query = useAccessMatrix(cluster.id, ready ? subjectParams(asked) : null);
  return (
    <AnalysisPage
      title="Access matrix"
      description="What one subject may do, by namespace, resource type and verb — the whole cluster at a glance."
      submitLabel="Show matrix"
      onSubmit={() => setParams(subjectParams(subject))}
      form={<SubjectFields value={subject} onChange={setSubject} />}
    >
      {ready ? (
        <QueryState query={query} what="the access matrix">
          {query.data && (
            <MatrixResult
              matrix={query.data}
              csvUrl={(f) =>
                accessUrl(cluster.id, 'matrix', {
                  ...subjectParams(asked),
                  ...csvFilterParams(f),
                  format: 'csv',
                })
              }
              onInclude={() => {
                const next = { ...asked, signInGroups: true };
                setSubject(next);
                setParams(subjectParams(next));
              }}
            />
          )}
        </QueryState>
      ) : (
        <EmptyState title="Choose a subject">
          The matrix shows every namespace × resource type × verb for one user, group or
          ServiceAccount.
        </EmptyState>
      )}
    </AnalysisPage>
  );
}
