import { useId, useState, type KeyboardEvent } from 'react';
import { useCluster } from '../../app/cluster.js';
import { decide } from '../../access/capabilities.js';
import { useServiceAccountNames } from '../../api/serviceAccounts.js';
import type { Subject } from '../../api/rbacSchemas.js';
import { makeSubject, subjectProblems, type SubjectKind } from './plan.js';
import { Button } from '../../ui/Button.js';
import { SubjectCombobox } from '../subjects/SubjectCombobox.js';

const field =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900';

/** Adds one subject of kind User, Group or ServiceAccount (with its namespace). A group, not a form: it sits inside other forms. */
export function SubjectForm({
  onAdd,
  busy,
  defaultNamespace = '',
  submitLabel = 'Add subject',
}: {
  onAdd: (s: Subject) => void;
  busy: boolean;
  defaultNamespace?: string;
  submitLabel?: string;
}) {
  const [kind, setKind] = useState<SubjectKind>('User');
  const [name, setName] = useState('');
  const [namespace, setNamespace] = useState(defaultNamespace);
  const [touched, setTouched] = useState(false);
  const problems = subjectProblems(kind, name, namespace);
  const { cluster } = useCluster();
  const nameErrorId = useId();
  const saNamespace = namespace.trim();
  const canListSas =
    kind === 'ServiceAccount' &&
    !problems.namespace &&
    decide(cluster.capabilities, {
      verb: 'list',
      apiGroup: '',
      resource: 'serviceaccounts',
      namespace: saNamespace,
    }) === 'allowed';
  const serviceAccounts = useServiceAccountNames(cluster.id, saNamespace, canListSas).data ?? [];
  const submit = () => {
    setTouched(true);
    if (Object.keys(problems).length) return;
    onAdd(makeSubject(kind, name, namespace));
    setName('');
    setTouched(false);
  };
  const onEnter = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    submit();
  };
  return (
    <div role="group" className="flex flex-wrap items-start gap-3" aria-label="Add a subject">
      <label className="w-40 text-xs font-medium">
        Kind
        <select
          value={kind}
          onChange={(e) => setKind(e.target.value as SubjectKind)}
          className={field}
        >
          <option value="User">User</option>
          <option value="Group">Group</option>
          <option value="ServiceAccount">ServiceAccount</option>
        </select>
      </label>
      <div className="w-64 text-xs font-medium">
        <SubjectCombobox
          cluster={cluster.id}
          label="Subject name"
          kind={kind}
          extra={serviceAccounts.map((sa) => ({
            kind: 'ServiceAccount' as const,
            name: sa,
            namespace: saNamespace,
          }))}
          value={name}
          onKeyDown={onEnter}
          onChange={setName}
          onSelect={(s) => {
            setName(s.name);
            if (s.namespace) setNamespace(s.namespace);
          }}
          className={field}
          aria-invalid={touched && Boolean(problems.name)}
          aria-describedby={touched && problems.name ? nameErrorId : undefined}
          placeholder={
            kind === 'Group'
              ? 'e.g. devel'
              : kind === 'User'
                ? 'e.g. jane@example.com'
                : 'e.g. deployer'
          }
        />
        {touched && problems.name && (
          <span id={nameErrorId} className="mt-1 block text-red-600">
            {problems.name}
          </span>
        )}
      </div>
      {kind === 'ServiceAccount' && (
        <label className="w-48 text-xs font-medium">
          Subject namespace
          <input
            value={namespace}
            onKeyDown={onEnter}
            onChange={(e) => setNamespace(e.target.value)}
            className={field}
            aria-invalid={touched && Boolean(problems.namespace)}
          />
          {touched && problems.namespace && (
            <span className="mt-1 block text-red-600">{problems.namespace}</span>
          )}
        </label>
      )}
      <Button variant="primary" disabled={busy} className="mt-5" onClick={submit}>
        {busy ? 'Saving…' : submitLabel}
      </Button>
    </div>
  );
}
