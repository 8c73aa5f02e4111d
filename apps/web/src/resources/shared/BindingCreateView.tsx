import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { validateRbacObject, type PolicyRule } from '@gatehouse/policy';
import { useRbacObject, useRbacWrite, withTypeMeta } from '../../api/rbac.js';
import type { BindingObject, ObjectMeta, RoleObject, Subject } from '../../api/rbacSchemas.js';
import { RBAC_GROUP } from '../../api/rbacKinds.js';
import { ApiError, errorMessage } from '../../api/http.js';
import { useCluster } from '../../app/cluster.js';
import { useToast } from '../../app/toasts.js';
import { Button, ButtonLink } from '../../ui/Button.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { Callout, Panel } from '../../ui/Panel.js';
import { FieldErrors, errorsFor } from '../../ui/FieldErrors.js';
import { SubjectForm } from '../../features/binding-subjects/SubjectForm.js';
import { sameSubject } from '../../features/binding-subjects/plan.js';
import { predictWrite, rbacObjectOf } from '../../features/escalation/predict.js';
import { EscalationNotice } from '../../features/escalation/EscalationNotice.js';
import { RolePicker, type RoleChoice } from '../../rbac/RolePicker.js';
import { SubjectChip, subjectLabel } from '../../rbac/SubjectChip.js';
import { kindPaths } from '../../rbac/kindPaths.js';
import { ImpactPanel } from '../../features/analysis/ImpactPanel.js';
import { Tabs } from '../../ui/Tabs.js';
import { YamlEditTab } from '../../rbac/YamlEditTab.js';
import { toYaml } from '../../rbac/yamlText.js';
import { bindingFromYaml } from './bindingYaml.js';

const field =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900';

/** Creates a binding: role, subjects, then validation and the escalation prediction before submit. */
export function BindingCreateView({
  kind,
  namespace,
}: {
  kind: 'ClusterRoleBinding' | 'RoleBinding';
  namespace?: string;
}) {
  const { cluster, session } = useCluster();
  const navigate = useNavigate();
  const { notify } = useToast();
  const write = useRbacWrite(cluster.id);
  const [name, setName] = useState('');
  const [role, setRole] = useState<RoleChoice>({ kind: 'ClusterRole', name: '' });
  const [subjects, setSubjects] = useState<Subject[]>([]);
  const [submitted, setSubmitted] = useState(false);
  // Labels, annotations … that only the YAML tab edits; kept when switching back to the form.
  const [extraMeta, setExtraMeta] = useState<Omit<ObjectMeta, 'name' | 'namespace'>>({});
  const [tab, setTab] = useState('form');
  const [yamlText, setYamlText] = useState('');
  const [yamlError, setYamlError] = useState<string | null>(null);

  const roleQuery = useRbacObject(
    cluster.id,
    role.kind,
    role.kind === 'Role' ? namespace : undefined,
    role.name,
    role.name.trim() !== '',
  );
  const object: BindingObject = withTypeMeta(kind, {
    metadata: { ...extraMeta, name: name.trim(), ...(namespace ? { namespace } : {}) },
    roleRef: { apiGroup: RBAC_GROUP, kind: role.kind, name: role.name.trim() },
    subjects,
  });
  const validation = validateRbacObject(object);
  const roleRules: PolicyRule[] = (roleQuery.data as RoleObject | undefined)?.rules ?? [];
  const unreadable = roleQuery.error instanceof ApiError && roleQuery.error.status === 403;
  const prediction =
    roleQuery.data || unreadable
      ? predictWrite(
          cluster.capabilities,
          session.user,
          { operation: 'create', object: rbacObjectOf(kind, object) },
          unreadable ? 'unreadable' : roleRules,
        )
      : null;
  const blocked =
    !validation.valid ||
    prediction?.outcome === 'denied' ||
    subjects.length === 0 ||
    yamlError !== null;

  const selectTab = (next: string) => {
    // The YAML shows the form's current state each time it opens; back on the form, the last
    // text that parsed is what the form shows, so an unfinished edit no longer blocks.
    if (next === 'yaml' && tab !== 'yaml') setYamlText(toYaml(object));
    setYamlError(null);
    setTab(next);
  };
  const onYaml = (text: string) => {
    setYamlText(text);
    const parsed = bindingFromYaml(text, kind, namespace);
    if (!parsed.ok) {
      setYamlError(parsed.error);
      return;
    }
    setYamlError(null);
    setName(parsed.draft.name);
    setRole(parsed.draft.role);
    setSubjects(parsed.draft.subjects);
    setExtraMeta(parsed.draft.metadata);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (blocked) return;
    write.mutate(
      { action: 'create', kind, object },
      {
        onSuccess: () => {
          notify('success', `${kind} ${object.metadata.name} created`);
          navigate(kindPaths.detail(cluster.id, kind, namespace, object.metadata.name));
        },
      },
    );
  };

  return (
    <>
      <PageHeader
        title={`Create ${kind}`}
        crumbs={[
          { label: cluster.name },
          ...(namespace ? [{ label: namespace }] : []),
          { label: `${kind}s`, to: kindPaths.list(cluster.id, kind, namespace) },
        ]}
        description={
          namespace
            ? `The binding applies only inside namespace ${namespace}.`
            : 'The binding applies in every namespace and to cluster-scoped resources.'
        }
      />
      <form onSubmit={submit} className="max-w-4xl space-y-4 p-6" noValidate>
        <Tabs
          label="Editor"
          selected={tab}
          onSelect={selectTab}
          tabs={[
            {
              id: 'form',
              label: 'Form',
              content: (
                <div className="space-y-4">
                  <Panel title="Binding">
                    <div className="space-y-4 p-4">
                      <label className="block w-96 text-xs font-medium">
                        Name
                        <input
                          value={name}
                          onChange={(e) => setName(e.target.value)}
                          className={field}
                          required
                          aria-invalid={
                            submitted && Boolean(errorsFor(validation.errors, 'metadata.name'))
                          }
                        />
                        {submitted && errorsFor(validation.errors, 'metadata.name') && (
                          <span className="mt-1 block text-red-600">
                            {errorsFor(validation.errors, 'metadata.name')}
                          </span>
                        )}
                      </label>
                      <RolePicker
                        value={role}
                        onChange={setRole}
                        namespace={namespace}
                        allowRole={kind === 'RoleBinding'}
                        error={
                          submitted
                            ? (errorsFor(validation.errors, 'roleRef') ??
                              (roleQuery.isError && !unreadable
                                ? errorMessage(roleQuery.error)
                                : undefined))
                            : undefined
                        }
                      />
                    </div>
                  </Panel>
                  <Panel title={`Subjects (${subjects.length})`}>
                    <div className="space-y-3 p-4">
                      {subjects.length === 0 ? (
                        <p className="text-sm text-slate-500">
                          Add at least one user, group or service account.
                        </p>
                      ) : (
                        <ul className="flex flex-wrap gap-2">
                          {subjects.map((s, i) => (
                            <li key={i} className="flex items-center gap-1">
                              <SubjectChip subject={s} />
                              <button
                                type="button"
                                className="rounded px-1 text-slate-500 hover:text-red-600"
                                aria-label={`Remove ${s.kind} ${subjectLabel(s)}`}
                                onClick={() => setSubjects(subjects.filter((_, j) => j !== i))}
                              >
                                ×
                              </button>
                            </li>
                          ))}
                        </ul>
                      )}
                      <SubjectForm
                        busy={false}
                        defaultNamespace={namespace ?? ''}
                        onAdd={(s) =>
                          setSubjects((all) =>
                            all.some((x) => sameSubject(x, s, namespace)) ? all : [...all, s],
                          )
                        }
                      />
                    </div>
                  </Panel>
                </div>
              ),
            },
            {
              id: 'yaml',
              label: 'YAML',
              content: (
                <YamlEditTab
                  kind={kind}
                  value={yamlText}
                  onChange={onYaml}
                  parseError={yamlError}
                  valid={validation.valid && subjects.length > 0}
                  errors={validation.errors}
                  height="45vh"
                />
              ),
            },
          ]}
        />
        <EscalationNotice prediction={prediction} action={`bind ${role.kind} ${role.name}`} />
        <ImpactPanel
          change={
            validation.valid && subjects.length > 0
              ? { operation: 'create', object: { ...object, kind } }
              : null
          }
        />
        {submitted && <FieldErrors errors={validation.errors} />}
        {write.error && (
          <Callout tone="error" title="The API server refused to create the binding">
            {errorMessage(write.error)}
          </Callout>
        )}
        <div className="flex gap-2">
          <Button
            type="submit"
            variant="primary"
            disabled={write.isPending || prediction?.outcome === 'denied'}
          >
            {write.isPending ? 'Creating…' : `Create ${kind}`}
          </Button>
          <ButtonLink to={kindPaths.list(cluster.id, kind, namespace)}>Cancel</ButtonLink>
        </div>
      </form>
    </>
  );
}
