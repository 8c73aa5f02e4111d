import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useCluster } from '../../app/cluster.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { Callout, EmptyState } from '../../ui/Panel.js';
import { QueryState } from '../../ui/QueryState.js';
import { ResourceTable, type Column } from '../../ui/ResourceTable.js';
import { SubjectChip } from '../../rbac/SubjectChip.js';
import { inputClass } from '../analysis/forms.js';
import {
  entryLabel,
  subjectViewPath,
  useSubjectDirectory,
  type DirectoryEntry,
  type DirectoryKind,
} from './api.js';

/** The page shows this many at most; the count says how many matched. */
const pageLimit = 5000;
const kinds: DirectoryKind[] = ['User', 'Group', 'ServiceAccount'];

function bindingText(e: DirectoryEntry): string {
  return e.bindings
    .map(
      (b) =>
        `${b.namespace ? `${b.namespace}/` : ''}${b.name} → ${b.roleRef.kind} ${b.roleRef.name}`,
    )
    .join(', ');
}

function signInText(e: DirectoryEntry): string {
  if (e.members) {
    const more = e.members.total - e.members.users.length;
    return `${e.members.users.join(', ')}${more > 0 ? ` +${more} more` : ''}`;
  }
  if (e.lastSignIn) return e.lastSignIn.groups.join(', ');
  return '';
}

/** Everyone Gatehouse can name for you: subjects of bindings you may list, and people seen at sign-in. */
export function SubjectsPage() {
  const { cluster } = useCluster();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('query') ?? '');
  const kindParam = params.get('kind');
  const kind = kinds.find((k) => k === kindParam);
  const [query, setQuery] = useState(text.trim());
  useEffect(() => {
    const t = setTimeout(() => setQuery(text.trim()), 150);
    return () => clearTimeout(t);
  }, [text]);
  useEffect(() => {
    const next = new URLSearchParams();
    if (query) next.set('query', query);
    if (kind) next.set('kind', kind);
    setParams(next, { replace: true });
  }, [query, kind, setParams]);
  const directory = useSubjectDirectory(cluster.id, { query, kind, limit: pageLimit });
  const data = directory.data;

  const columns: Column<DirectoryEntry>[] = [
    {
      id: 'subject',
      header: 'Subject',
      className: 'w-[30%]',
      sortValue: (e) => entryLabel(e).toLowerCase(),
      cell: (e) => (
        <Link
          to={subjectViewPath(cluster.id, e)}
          className="hover:underline"
          aria-label={`${e.kind} ${entryLabel(e)}`}
        >
          <SubjectChip
            subject={{
              kind: e.kind,
              name: e.name,
              ...(e.namespace ? { namespace: e.namespace } : {}),
            }}
          />
        </Link>
      ),
    },
    {
      id: 'bindings',
      header: 'Bindings',
      className: 'w-[32%]',
      sortValue: (e) => e.bindingCount,
      cell: (e) =>
        e.bindingCount === 0 ? (
          <span className="text-slate-500">none you can see</span>
        ) : (
          <span title={bindingText(e)}>
            <span className="font-medium">{e.bindingCount}</span>{' '}
            <span className="text-xs text-slate-600 dark:text-slate-400">{bindingText(e)}</span>
          </span>
        ),
    },
    {
      id: 'signIn',
      header: 'Last sign-in',
      className: 'w-40',
      sortValue: (e) => e.lastSignIn?.at ?? '',
      cell: (e) =>
        e.lastSignIn ? (
          <time dateTime={e.lastSignIn.at}>{new Date(e.lastSignIn.at).toLocaleString()}</time>
        ) : (
          <span className="text-slate-500">{e.kind === 'Group' ? '' : 'not seen'}</span>
        ),
    },
    {
      id: 'groups',
      header: 'Groups / seen members',
      cell: (e) => <span title={signInText(e)}>{signInText(e)}</span>,
    },
  ];

  return (
    <>
      <PageHeader
        title="Subjects"
        crumbs={[{ label: cluster.name }, { label: 'Access analysis' }]}
        description="Every user, group and ServiceAccount named in a binding you may list, and the people who signed in to Gatehouse."
      />
      <div className="space-y-4 p-6">
        <div className="rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <div
            role="search"
            className="flex flex-wrap items-end gap-3 border-b border-slate-200 p-3 dark:border-slate-800"
          >
            <label className="block w-72 text-xs font-medium">
              Search subjects
              <input
                type="search"
                className={inputClass}
                value={text}
                onChange={(e) => setText(e.target.value)}
                placeholder="Part of a name, or namespace/name"
              />
            </label>
            <label className="block w-44 text-xs font-medium">
              Kind
              <select
                className={inputClass}
                value={kind ?? ''}
                onChange={(e) => {
                  const next = new URLSearchParams(params);
                  if (e.target.value) next.set('kind', e.target.value);
                  else next.delete('kind');
                  setParams(next, { replace: true });
                }}
              >
                <option value="">All kinds</option>
                {kinds.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
            </label>
            {data && (
              <p className="pb-1.5 text-xs text-slate-600 dark:text-slate-400" aria-live="polite">
                {data.total > data.entries.length
                  ? `Showing ${data.entries.length} of ${data.total} subjects`
                  : `${data.total} subject${data.total === 1 ? '' : 's'}`}
              </p>
            )}
          </div>
          {data?.partial && (
            <div className="p-3">
              <Callout tone="warning" title="Partial: only the bindings you may list">
                Subjects named only in bindings you may not list are not shown.
                {data.signIns === 'own' &&
                  ' Sign-ins of other people are shown only to those who may list ClusterRoleBindings.'}
              </Callout>
            </div>
          )}
          <QueryState query={directory} what="the subject directory">
            <ResourceTable
              rows={data?.entries ?? []}
              columns={columns}
              rowKey={(e) => `${e.kind}:${e.namespace ?? ''}:${e.name}`}
              label="Subjects"
              empty={
                <EmptyState title="No subjects match">
                  Nobody you can see has that name. A subject never seen here can still be bound by
                  typing its name.
                </EmptyState>
              }
            />
          </QueryState>
        </div>
      </div>
    </>
  );
}
