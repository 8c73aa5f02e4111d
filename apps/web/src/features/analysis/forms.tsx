import type { ReactNode } from 'react';
import { useCluster } from '../../app/cluster.js';
import { SubjectCombobox } from '../subjects/SubjectCombobox.js';
import type { RequestInput, SubjectInput } from './api.js';

export const inputClass =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900';

function Field({
  label,
  children,
  className = '',
}: {
  label: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <label className={`block text-xs font-medium ${className}`}>
      {label}
      {children}
    </label>
  );
}

const subjectKinds: Array<{ value: SubjectInput['kind']; label: string }> = [
  { value: 'Self', label: 'Myself' },
  { value: 'User', label: 'User' },
  { value: 'Group', label: 'Group' },
  { value: 'ServiceAccount', label: 'ServiceAccount' },
];

/** Who: myself, a user (with the groups their sign-in would carry), a group, or a ServiceAccount. */
export function SubjectFields({
  value,
  onChange,
  allowSelf = true,
}: {
  value: SubjectInput;
  onChange: (v: SubjectInput) => void;
  allowSelf?: boolean;
}) {
  const { cluster } = useCluster();
  const set = (patch: Partial<SubjectInput>) => onChange({ ...value, ...patch });
  return (
    <fieldset className="grid gap-3 md:grid-cols-4">
      <legend className="sr-only">Subject</legend>
      <Field label="Subject kind">
        <select
          className={inputClass}
          value={value.kind}
          onChange={(e) => set({ kind: e.target.value as SubjectInput['kind'] })}
        >
          {subjectKinds
            .filter((k) => allowSelf || k.value !== 'Self')
            .map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
        </select>
      </Field>
      {value.kind !== 'Self' && (
        <SubjectCombobox
          cluster={cluster.id}
          label="Subject name"
          wrapperClassName="block text-xs font-medium"
          className={inputClass}
          kind={value.kind}
          value={value.name}
          onChange={(name) => set({ name })}
          onSelect={(s) =>
            set({ name: s.name, ...(s.namespace ? { namespace: s.namespace } : {}) })
          }
          required
          placeholder={
            value.kind === 'Group'
              ? 'e.g. devel'
              : value.kind === 'User'
                ? 'e.g. bob'
                : 'e.g. ci-deployer'
          }
        />
      )}
      {value.kind === 'ServiceAccount' && (
        <Field label="Subject namespace">
          <input
            className={inputClass}
            value={value.namespace}
            onChange={(e) => set({ namespace: e.target.value })}
            required
          />
        </Field>
      )}
      {value.kind === 'User' && (
        <Field label="Groups (comma separated)" className="md:col-span-2">
          <input
            className={inputClass}
            value={value.groups}
            onChange={(e) => set({ groups: e.target.value })}
            placeholder="e.g. devel (system:authenticated is always added)"
          />
        </Field>
      )}
      {value.kind === 'User' && (
        <label className="flex items-center gap-1.5 text-xs font-medium md:col-span-4">
          <input
            type="checkbox"
            checked={value.signInGroups}
            onChange={(e) => set({ signInGroups: e.target.checked })}
          />
          Include the groups seen at their last sign-in to Gatehouse
        </label>
      )}
    </fieldset>
  );
}

const verbs = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'escalate',
  'bind',
  'impersonate',
  'use',
  'approve',
  '*',
];

/** What: a resource request (verb, group, resource, subresource, name, namespace) or a non-resource URL. */
export function RequestFields({
  value,
  onChange,
}: {
  value: RequestInput;
  onChange: (v: RequestInput) => void;
}) {
  const set = (patch: Partial<RequestInput>) => onChange({ ...value, ...patch });
  return (
    <fieldset className="space-y-3">
      <legend className="sr-only">Request</legend>
      <div className="flex gap-4 text-sm" role="radiogroup" aria-label="Request type">
        <label className="flex items-center gap-1.5">
          <input
            type="radio"
            name="request-type"
            checked={!value.nonResource}
            onChange={() => set({ nonResource: false })}
          />{' '}
          Resource
        </label>
        <label className="flex items-center gap-1.5">
          <input
            type="radio"
            name="request-type"
            checked={value.nonResource}
            onChange={() => set({ nonResource: true })}
          />{' '}
          Non-resource URL
        </label>
      </div>
      <div className="grid gap-3 md:grid-cols-6">
        <Field label="Verb">
          <input
            className={inputClass}
            list="access-verbs"
            value={value.verb}
            onChange={(e) => set({ verb: e.target.value })}
            required
          />
          <datalist id="access-verbs">
            {verbs.map((v) => (
              <option key={v} value={v} />
            ))}
          </datalist>
        </Field>
        {value.nonResource ? (
          <Field label="Path" className="md:col-span-3">
            <input
              className={inputClass}
              value={value.path}
              onChange={(e) => set({ path: e.target.value })}
              placeholder="/metrics"
              required
            />
          </Field>
        ) : (
          <>
            <Field label="API group">
              <input
                className={inputClass}
                value={value.apiGroup}
                onChange={(e) => set({ apiGroup: e.target.value })}
                placeholder="core"
              />
            </Field>
            <Field label="Resource">
              <input
                className={inputClass}
                value={value.resource}
                onChange={(e) => set({ resource: e.target.value })}
                placeholder="pods"
                required
              />
            </Field>
            <Field label="Subresource">
              <input
                className={inputClass}
                value={value.subresource}
                onChange={(e) => set({ subresource: e.target.value })}
                placeholder="exec"
              />
            </Field>
            <Field label="Resource name">
              <input
                className={inputClass}
                value={value.name}
                onChange={(e) => set({ name: e.target.value })}
                placeholder="any"
              />
            </Field>
            <Field label="Namespace">
              <input
                className={inputClass}
                value={value.namespace}
                onChange={(e) => set({ namespace: e.target.value })}
                placeholder="cluster-wide"
              />
            </Field>
          </>
        )}
      </div>
    </fieldset>
  );
}
