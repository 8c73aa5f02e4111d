import { useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, errorMessage } from '../../api/http.js';
import { useDiscovery } from '../../api/discovery.js';
import { useCluster } from '../../app/cluster.js';
import { useFleet } from '../../app/fleet.js';
import { useToast } from '../../app/toasts.js';
import { Button, ButtonLink } from '../../ui/Button.js';
import { FieldErrors } from '../../ui/FieldErrors.js';
import { Callout, Panel } from '../../ui/Panel.js';
import { Spinner } from '../../ui/Spinner.js';
import { Tabs } from '../../ui/Tabs.js';
import { YamlEditTab } from '../../rbac/YamlEditTab.js';
import { fieldErrorsOf, usePlan, useSavePolicy } from './api.js';
import { inputClass, StatementsEditor, SubjectsEditor, errorsAt } from './FormParts.js';
import { clusterList, coverage, unknownClusters, type FleetCluster } from './placement.js';
import { PlanView } from './PlanView.js';
import { formFromYaml, policyYaml, specFromForm, type PolicyForm } from './policyForm.js';
import { policiesPath, policyPath } from './paths.js';

const suggestedRoles = ['view', 'edit', 'admin', 'cluster-admin'];

function Coverage({ form, clusters }: { form: PolicyForm; clusters: readonly FleetCluster[] }) {
  const { spec } = specFromForm(form);
  // Placements that do not parse yet select nothing; their text box says why.
  const lines = coverage(spec, clusters);
  const unknown = unknownClusters(spec, clusters);
  return (
    <Panel title="Where it applies">
      <div className="space-y-2 p-4 text-sm">
        <ul aria-label="Where it applies" className="space-y-1">
          {lines.map((c) => (
            <li key={c.cluster}>
              <span className="font-mono font-semibold">{c.cluster}</span>:{' '}
              {c.lines.length === 0 ? (
                <span className="text-slate-500 dark:text-slate-400">nothing</span>
              ) : (
                c.lines.map((l, i) => (
                  <span key={i}>
                    {i > 0 && '; '}
                    {l.grant}{' '}
                    {l.namespaces === 'cluster-wide' ? 'cluster-wide' : `in ${l.namespaces}`}
                  </span>
                ))
              )}
            </li>
          ))}
        </ul>
        {unknown.length > 0 && (
          <p className="text-xs text-amber-800 dark:text-amber-300">
            Not a cluster Gatehouse knows: <span className="font-mono">{unknown.join(', ')}</span>.
            A placement naming it selects nothing until a cluster of that name is configured.
          </p>
        )}
      </div>
    </Panel>
  );
}

/**
 * The form and the YAML tab of one AccessPolicy. Saving writes only the AccessPolicy on the home
 * cluster; the page it leads to shows the plan, and nothing reaches a cluster before Apply there.
 */
export function PolicyEditor({
  initial,
  resourceVersion,
}: {
  initial: PolicyForm;
  /** Editing a saved policy: its version, so a stale save is refused (409), and its name fixed. */
  resourceVersion?: string;
}) {
  const editing = resourceVersion !== undefined;
  const navigate = useNavigate();
  const { notify } = useToast();
  const { cluster } = useCluster();
  const fleet = useFleet();
  const clusters = useMemo(
    () => fleet.clusters.map((c) => ({ id: c.id, labels: c.labels })),
    [fleet.clusters],
  );
  const discovery = useDiscovery(cluster.id);
  const save = useSavePolicy();
  const preview = usePlan();
  const [form, setFormState] = useState(initial);
  const [yamlText, setYamlText] = useState(() =>
    policyYaml(initial.name, specFromForm(initial).spec),
  );
  const [yamlError, setYamlError] = useState<string | null>(null);
  const [tab, setTab] = useState('form');
  const [submitted, setSubmitted] = useState(false);

  const result = specFromForm(form);
  const serverErrors = fieldErrorsOf(save.error);
  const errors = submitted ? [...result.errors, ...serverErrors] : serverErrors;
  const blocked = result.errors.length > 0 || yamlError !== null;

  const setForm = (next: PolicyForm) => {
    setFormState(next);
    const r = specFromForm(next);
    setYamlText(policyYaml(r.name, r.spec));
    setYamlError(null);
    preview.reset();
  };
  const onYaml = (text: string) => {
    setYamlText(text);
    const read = formFromYaml(text, editing ? initial.name : undefined);
    if (read.ok) {
      setFormState(read.form);
      setYamlError(null);
      preview.reset();
    } else setYamlError(read.error);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (blocked) return;
    save.mutate(
      editing
        ? { action: 'update', name: result.name, spec: result.spec, resourceVersion }
        : { action: 'create', name: result.name, spec: result.spec },
      {
        onSuccess: (saved) => {
          notify(
            'success',
            `AccessPolicy ${saved.metadata.name} ${editing ? 'saved' : 'created'}`,
            'Review the plan, then apply it.',
          );
          navigate(policyPath(saved.metadata.name), { state: { review: true } });
        },
      },
    );
  };
  const previewPlan = () => {
    setSubmitted(true);
    if (blocked) return;
    preview.mutate({ ...(editing || result.name ? { name: result.name } : {}), spec: result.spec });
  };

  const clusterHint = clusters.length ? `Configured clusters: ${clusterList(clusters)}.` : '';

  const formTab = (
    <div className="space-y-4">
      <Panel title="Policy">
        <div className="grid gap-4 p-4 md:grid-cols-2">
          <label className="text-xs font-medium">
            Name
            <input
              value={form.name}
              readOnly={editing}
              onChange={(e) => setForm({ ...form, name: e.target.value.trim() })}
              className={`${inputClass} font-mono ${editing ? 'bg-slate-100 dark:bg-slate-800' : ''}`}
              aria-invalid={errorsAt(errors, 'name').length > 0}
            />
            {errorsAt(errors, 'name').map((m) => (
              <span key={m} className="mt-1 block text-red-600 dark:text-red-400">
                {m}
              </span>
            ))}
          </label>
          <label className="text-xs font-medium">
            Description (optional)
            <input
              value={form.description}
              onChange={(e) => setForm({ ...form, description: e.target.value })}
              className={inputClass}
            />
          </label>
        </div>
      </Panel>
      <Panel title={`Subjects (${form.subjects.length})`}>
        <div className="p-4">
          <SubjectsEditor
            subjects={form.subjects}
            onChange={(subjects) => setForm({ ...form, subjects })}
            errors={errors}
          />
        </div>
      </Panel>
      <Panel title={`Statements (${form.statements.length})`}>
        <div className="p-4">
          {discovery.isError && (
            <p className="mb-2 text-xs text-amber-700">
              The home cluster’s API discovery could not be read ({errorMessage(discovery.error)});
              type groups and resources of inline rules by hand.
            </p>
          )}
          <StatementsEditor
            statements={form.statements}
            onChange={(statements) => setForm({ ...form, statements })}
            discovery={discovery.data ?? []}
            clusterRoles={suggestedRoles}
            clusterHint={clusterHint}
            errors={errors}
          />
        </div>
      </Panel>
      {fleet.loading ? (
        <Spinner label="Loading clusters" />
      ) : (
        <Coverage form={form} clusters={clusters} />
      )}
    </div>
  );

  return (
    <form onSubmit={submit} noValidate className="pb-6">
      <Tabs
        label="Editor"
        selected={tab}
        onSelect={setTab}
        tabs={[
          { id: 'form', label: 'Form', content: formTab },
          {
            id: 'yaml',
            label: 'YAML',
            content: (
              <YamlEditTab
                kind="AccessPolicy"
                value={yamlText}
                onChange={onYaml}
                parseError={yamlError}
                valid={result.errors.length === 0}
                errors={result.errors}
                height="55vh"
              />
            ),
          },
        ]}
      />
      <div className="space-y-3 px-4 sm:px-6">
        {submitted && <FieldErrors errors={errors} />}
        {save.error && serverErrors.length === 0 && (
          <Callout
            tone="error"
            title={
              save.error instanceof ApiError && save.error.status === 409
                ? 'Someone changed this policy since you opened it'
                : 'The policy could not be saved'
            }
          >
            {errorMessage(save.error)}
            {save.error instanceof ApiError && save.error.status === 409 && (
              <p className="mt-1">
                Reload the page to edit the current version; your changes here are not saved.
              </p>
            )}
          </Callout>
        )}
        {preview.error && (
          <Callout tone="error" title="The plan could not be worked out">
            {errorMessage(preview.error)}
          </Callout>
        )}
        {preview.data && (
          <PlanView plan={preview.data} title="Plan preview">
            <p className="text-xs text-slate-500 dark:text-slate-400">
              A preview of this draft: save the policy to review its plan and apply it.
            </p>
          </PlanView>
        )}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" variant="primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : editing ? 'Save changes' : 'Create policy'}
          </Button>
          <Button onClick={previewPlan} disabled={preview.isPending}>
            {preview.isPending ? 'Working out the plan…' : 'Preview plan'}
          </Button>
          <ButtonLink to={editing ? policyPath(initial.name) : policiesPath}>Cancel</ButtonLink>
        </div>
      </div>
    </form>
  );
}
