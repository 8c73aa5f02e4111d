import type { FieldError } from '@gatehouse/policy';
import type { DiscoveredGroup } from '../../api/discovery.js';
import { Button } from '../../ui/Button.js';
import { fieldLabel } from '../../ui/fieldLabel.js';
import { RuleEditor } from '../role-editor/RuleEditor.js';
import {
  emptySubject,
  newPlacement,
  newStatement,
  type PlacementForm,
  type StatementForm,
  type SubjectForm,
  type SubjectKind,
  type TargetForm,
  type TargetMode,
} from './policyForm.js';

export const inputClass =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900';
const selectClass =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900';

/** The errors at or under one field path, worded for the form. */
export function errorsAt(errors: readonly FieldError[], prefix: string): string[] {
  return errors
    .filter(
      (e) =>
        e.field === prefix || e.field.startsWith(`${prefix}.`) || e.field.startsWith(`${prefix}[`),
    )
    .map((e) =>
      e.field === prefix
        ? e.message
        : `${fieldLabel(e.field.slice(prefix.length + 1))}: ${e.message}`,
    );
}

function Errors({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <ul className="mt-1 space-y-0.5 text-xs text-red-600 dark:text-red-400">
      {messages.map((m, i) => (
        <li key={i}>{m}</li>
      ))}
    </ul>
  );
}

const replaceAt = <T,>(list: readonly T[], i: number, value: T): T[] =>
  list.map((x, j) => (j === i ? value : x));
const removeAt = <T,>(list: readonly T[], i: number): T[] => list.filter((_, j) => j !== i);

export function SubjectsEditor({
  subjects,
  onChange,
  errors,
}: {
  subjects: SubjectForm[];
  onChange: (s: SubjectForm[]) => void;
  errors: readonly FieldError[];
}) {
  return (
    <div className="space-y-3">
      {subjects.length === 0 && (
        <p className="text-sm text-slate-500">No subjects: a policy grants nothing to nobody.</p>
      )}
      {subjects.map((s, i) => {
        const title = `Subject ${i + 1}`;
        const field = `spec.subjects[${i}]`;
        return (
          <div key={i} className="grid gap-3 sm:grid-cols-[10rem_1fr_1fr_auto] sm:items-end">
            <label className="text-xs font-medium">
              {title} kind
              <select
                value={s.kind}
                onChange={(e) =>
                  onChange(replaceAt(subjects, i, { ...s, kind: e.target.value as SubjectKind }))
                }
                className={selectClass}
              >
                <option value="Group">Group</option>
                <option value="User">User</option>
                <option value="ServiceAccount">ServiceAccount</option>
              </select>
            </label>
            <label className="text-xs font-medium">
              {title} name
              <input
                value={s.name}
                onChange={(e) => onChange(replaceAt(subjects, i, { ...s, name: e.target.value }))}
                className={inputClass}
                placeholder={
                  s.kind === 'Group'
                    ? 'sre'
                    : s.kind === 'User'
                      ? 'alice@example.com'
                      : 'ci-deployer'
                }
                aria-invalid={errorsAt(errors, `${field}.name`).length > 0}
              />
            </label>
            {s.kind === 'ServiceAccount' ? (
              <label className="text-xs font-medium">
                {title} namespace
                <input
                  value={s.namespace}
                  onChange={(e) =>
                    onChange(replaceAt(subjects, i, { ...s, namespace: e.target.value }))
                  }
                  className={inputClass}
                  aria-invalid={errorsAt(errors, `${field}.namespace`).length > 0}
                />
              </label>
            ) : (
              <span className="hidden sm:block" />
            )}
            <Button
              variant="ghost"
              onClick={() => onChange(removeAt(subjects, i))}
              aria-label={`Remove ${title.toLowerCase()}`}
            >
              Remove
            </Button>
            <div className="sm:col-span-4">
              <Errors messages={errorsAt(errors, field)} />
            </div>
          </div>
        );
      })}
      <Button onClick={() => onChange([...subjects, emptySubject()])}>Add subject</Button>
    </div>
  );
}

const modeLabels: Record<'clusters' | 'namespaces', Record<TargetMode, string>> = {
  clusters: {
    all: 'Every cluster',
    names: 'Clusters by name',
    selector: 'Clusters matching labels',
  },
  namespaces: {
    all: 'Cluster-wide (every namespace)',
    names: 'Namespaces by name',
    selector: 'Namespaces matching labels',
  },
};

function TargetEditor({
  what,
  prefix,
  value,
  onChange,
  hint,
  errors,
}: {
  what: 'clusters' | 'namespaces';
  prefix: string;
  value: TargetForm;
  onChange: (t: TargetForm) => void;
  hint?: string;
  errors: string[];
}) {
  const noun = what === 'clusters' ? 'Clusters' : 'Namespaces';
  return (
    <div>
      <label className="text-xs font-medium">
        <span className="sr-only">{prefix} </span>
        {noun}
        <select
          value={value.mode}
          onChange={(e) => onChange({ ...value, mode: e.target.value as TargetMode })}
          className={selectClass}
        >
          {(['all', 'names', 'selector'] as const).map((m) => (
            <option key={m} value={m}>
              {modeLabels[what][m]}
            </option>
          ))}
        </select>
      </label>
      {value.mode === 'names' && (
        <label className="mt-2 block text-xs font-medium">
          <span className="sr-only">{prefix} </span>
          {noun.slice(0, -1)} names
          <input
            value={value.names}
            onChange={(e) => onChange({ ...value, names: e.target.value })}
            className={`${inputClass} font-mono`}
            placeholder={what === 'clusters' ? 'staging, prod' : 'kube-system, payments'}
            aria-invalid={errors.length > 0}
          />
        </label>
      )}
      {value.mode === 'selector' && (
        <label className="mt-2 block text-xs font-medium">
          <span className="sr-only">{prefix} </span>
          {noun.slice(0, -1)} label selector
          <input
            value={value.selector}
            onChange={(e) => onChange({ ...value, selector: e.target.value })}
            className={`${inputClass} font-mono`}
            placeholder={what === 'clusters' ? 'env=staging' : 'team=payments, tier in (web, api)'}
            aria-invalid={errors.length > 0}
          />
        </label>
      )}
      {hint && value.mode !== 'all' && (
        <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{hint}</p>
      )}
      <Errors messages={errors} />
    </div>
  );
}

export function PlacementsEditor({
  statement,
  placements,
  onChange,
  clusterHint,
  errors,
}: {
  statement: number;
  placements: PlacementForm[];
  onChange: (p: PlacementForm[]) => void;
  clusterHint: string;
  errors: readonly FieldError[];
}) {
  return (
    <div className="space-y-3">
      {placements.map((p, j) => {
        const prefix = `Statement ${statement + 1} placement ${j + 1}`;
        const field = `spec.statements[${statement}].placements[${j}]`;
        return (
          <fieldset
            key={j}
            className="rounded-md border border-slate-200 p-3 dark:border-slate-700"
          >
            <legend className="px-1 text-xs font-semibold">Placement {j + 1}</legend>
            <div className="grid gap-3 md:grid-cols-2">
              <TargetEditor
                what="clusters"
                prefix={prefix}
                value={p.clusters}
                onChange={(clusters) => onChange(replaceAt(placements, j, { ...p, clusters }))}
                hint={clusterHint}
                errors={errorsAt(errors, `${field}.clusters`)}
              />
              <TargetEditor
                what="namespaces"
                prefix={prefix}
                value={p.namespaces}
                onChange={(namespaces) => onChange(replaceAt(placements, j, { ...p, namespaces }))}
                hint="Named namespaces that do not exist on a cluster are reported in the plan, never created."
                errors={errorsAt(errors, `${field}.namespaces`)}
              />
            </div>
            {placements.length > 1 && (
              <Button
                variant="ghost"
                className="mt-2"
                onClick={() => onChange(removeAt(placements, j))}
                aria-label={`Remove ${prefix.toLowerCase()}`}
              >
                Remove placement
              </Button>
            )}
          </fieldset>
        );
      })}
      <Button onClick={() => onChange([...placements, newPlacement()])}>
        Add placement to statement {statement + 1}
      </Button>
    </div>
  );
}

export function StatementsEditor({
  statements,
  onChange,
  discovery,
  clusterRoles,
  clusterHint,
  errors,
}: {
  statements: StatementForm[];
  onChange: (s: StatementForm[]) => void;
  discovery: DiscoveredGroup[];
  clusterRoles: readonly string[];
  clusterHint: string;
  errors: readonly FieldError[];
}) {
  return (
    <div className="space-y-4">
      {statements.map((s, i) => {
        const title = `Statement ${i + 1}`;
        const field = `spec.statements[${i}]`;
        const set = (next: Partial<StatementForm>) =>
          onChange(replaceAt(statements, i, { ...s, ...next }));
        const own = errors.filter((e) => e.field === field);
        return (
          <fieldset
            key={i}
            className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-700 dark:bg-slate-900"
          >
            <legend className="px-1 text-sm font-semibold">{title}</legend>
            <div
              role="radiogroup"
              aria-label={`${title} grants`}
              className="flex flex-wrap gap-x-6 gap-y-1 text-sm"
            >
              <label className="flex items-center gap-2">
                <input
                  type="radio"
                  name={`statement-${i}-source`}
                  checked={s.source === 'clusterRole'}
                  onChange={() => set({ source: 'clusterRole' })}
                />
                An existing ClusterRole
              </label>
              <label className="flex items-center gap-2">
                <input
                  type="radio"
                  name={`statement-${i}-source`}
                  checked={s.source === 'rules'}
                  onChange={() => set({ source: 'rules' })}
                />
                Inline rules (a ClusterRole made on each cluster)
              </label>
            </div>
            <div className="mt-3">
              {s.source === 'clusterRole' ? (
                <label className="block max-w-md text-xs font-medium">
                  {title} ClusterRole
                  <input
                    value={s.clusterRole}
                    onChange={(e) => set({ clusterRole: e.target.value })}
                    list="fleet-policy-clusterroles"
                    className={`${inputClass} font-mono`}
                    placeholder="view"
                    aria-invalid={errorsAt(errors, `${field}.clusterRole`).length > 0}
                  />
                  <span className="mt-1 block font-normal text-slate-500 dark:text-slate-400">
                    It must exist on every cluster the statement reaches: the plan says where it
                    does not.
                  </span>
                  <Errors messages={errorsAt(errors, `${field}.clusterRole`)} />
                </label>
              ) : (
                <div>
                  <RuleEditor
                    rules={s.rules}
                    onChange={(rules) => set({ rules })}
                    discovery={discovery}
                    namespaced={false}
                    errors={errors
                      .filter((e) => e.field.startsWith(`${field}.rules`))
                      .map((e) => ({ ...e, field: e.field.slice(field.length + 1) }))}
                  />
                  <Errors
                    messages={errorsAt(errors, `${field}.rules`).filter((m) => !m.includes('›'))}
                  />
                </div>
              )}
            </div>
            <h3 className="mt-4 mb-2 text-xs font-semibold">Where</h3>
            <PlacementsEditor
              statement={i}
              placements={s.placements}
              onChange={(placements) => set({ placements })}
              clusterHint={clusterHint}
              errors={errors}
            />
            <Errors messages={own.map((e) => e.message)} />
            {statements.length > 1 && (
              <Button
                variant="ghost"
                className="mt-3 text-red-700 dark:text-red-300"
                onClick={() => onChange(removeAt(statements, i))}
                aria-label={`Remove ${title.toLowerCase()}`}
              >
                Remove statement
              </Button>
            )}
          </fieldset>
        );
      })}
      <datalist id="fleet-policy-clusterroles">
        {clusterRoles.map((r) => (
          <option key={r} value={r} />
        ))}
      </datalist>
      <Button onClick={() => onChange([...statements, newStatement()])}>Add statement</Button>
    </div>
  );
}
