import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { rulesCover, validateRbacObject, type PolicyRule } from '@gatehouse/policy';
import { ApiError, errorMessage } from '../../api/http.js';
import { useRbacWrite } from '../../api/rbac.js';
import type { RoleObject } from '../../api/rbacSchemas.js';
import { useDiscovery } from '../../api/discovery.js';
import { useCluster } from '../../app/cluster.js';
import { useToast } from '../../app/toasts.js';
import { Button, ButtonLink } from '../../ui/Button.js';
import { Callout, Panel } from '../../ui/Panel.js';
import { FieldErrors, errorsFor } from '../../ui/FieldErrors.js';
import { Tabs } from '../../ui/Tabs.js';
import { YamlEditTab } from '../../rbac/YamlEditTab.js';
import { toYaml } from '../../rbac/yamlText.js';
import { kindPaths } from '../../rbac/kindPaths.js';
import { predictWrite, rbacObjectOf } from '../escalation/predict.js';
import { EscalationNotice } from '../escalation/EscalationNotice.js';
import { useMyBindingsTo } from '../self-lockout/useMyBindingsTo.js';
import { LockoutWarning } from '../self-lockout/LockoutWarning.js';
import { RuleEditor } from './RuleEditor.js';
import { draftFromYaml, type RoleKind } from './roleDraft.js';
import { RoleConflict } from './RoleConflict.js';
import { AggregationRuleEditor, KeyValueEditor } from './MetadataFields.js';
import { ImpactPanel } from '../analysis/ImpactPanel.js';

const field =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900';

/** Sets or (when empty) drops a labels/annotations map, so an emptied map leaves the object. */
function withMap(
  meta: RoleObject['metadata'],
  field: 'labels' | 'annotations',
  value: Record<string, string> | undefined,
): RoleObject['metadata'] {
  const { [field]: _old, ...rest } = meta;
  return value ? { ...rest, [field]: value } : rest;
}

/** The form and the YAML editor edit one draft; each change in one is written into the other. */
export function RoleForm({
  kind,
  namespace,
  initial,
  original,
}: {
  kind: RoleKind;
  namespace?: string;
  initial: RoleObject;
  original?: RoleObject;
}) {
  const { cluster, session } = useCluster();
  const navigate = useNavigate();
  const { notify } = useToast();
  const write = useRbacWrite(cluster.id);
  const discovery = useDiscovery(cluster.id);
  const editing = original !== undefined;
  const [draft, setDraftState] = useState(initial);
  const [yamlText, setYamlText] = useState(() => toYaml(initial));
  const [yamlError, setYamlError] = useState<string | null>(null);
  const [tab, setTab] = useState('form');
  const [submitted, setSubmitted] = useState(false);
  const [ack, setAck] = useState(false);
  const [conflict, setConflict] = useState(false);

  const setDraft = (next: RoleObject) => {
    setDraftState(next);
    setYamlText(toYaml(next));
    setYamlError(null);
  };
  const onYaml = (text: string) => {
    setYamlText(text);
    const parsed = draftFromYaml(text, kind, {
      namespace,
      name: editing ? original.metadata.name : undefined,
    });
    if (parsed.ok) {
      setDraftState(parsed.draft);
      setYamlError(null);
    } else setYamlError(parsed.error);
  };

  const name = draft.metadata.name;
  const validation = validateRbacObject(
    draft,
    original ? { ...original, apiVersion: draft.apiVersion, kind } : undefined,
  );
  const rules: PolicyRule[] = draft.rules;
  const prediction = predictWrite(cluster.capabilities, session.user, {
    operation: editing ? 'update' : 'create',
    object: rbacObjectOf(kind, draft),
    ...(original ? { oldObject: rbacObjectOf(kind, original) } : {}),
  });
  const mine = useMyBindingsTo(kind, original?.metadata.name ?? '', namespace, editing);
  const lost = editing && mine.length > 0 ? rulesCover(rules, original.rules).uncovered : [];
  const blocked =
    !validation.valid ||
    yamlError !== null ||
    prediction.outcome === 'denied' ||
    (lost.length > 0 && !ack);

  const save = (object: RoleObject) =>
    write.mutate(
      { action: editing ? 'update' : 'create', kind, object },
      {
        onSuccess: () => {
          notify('success', `${kind} ${object.metadata.name} ${editing ? 'saved' : 'created'}`);
          navigate(kindPaths.detail(cluster.id, kind, namespace, object.metadata.name));
        },
        onError: (err) => setConflict(err instanceof ApiError && err.status === 409),
      },
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!blocked) save(draft);
  };

  const formTab = (
    <div className="space-y-4">
      <Panel title="Metadata">
        <div className="grid gap-4 p-4 md:grid-cols-2">
          <label className="text-xs font-medium">
            Name
            <input
              value={name}
              readOnly={editing}
              onChange={(e) =>
                setDraft({ ...draft, metadata: { ...draft.metadata, name: e.target.value.trim() } })
              }
              className={`${field} ${editing ? 'bg-slate-100 dark:bg-slate-800' : ''}`}
              aria-invalid={submitted && Boolean(errorsFor(validation.errors, 'metadata.name'))}
            />
            {submitted && errorsFor(validation.errors, 'metadata.name') && (
              <span className="mt-1 block text-red-600">
                {errorsFor(validation.errors, 'metadata.name')}
              </span>
            )}
          </label>
          {namespace && (
            <label className="text-xs font-medium">
              Namespace
              <input
                value={namespace}
                readOnly
                className={`${field} bg-slate-100 dark:bg-slate-800`}
              />
            </label>
          )}
        </div>
        <div className="grid gap-4 border-t border-slate-200 p-4 md:grid-cols-2 dark:border-slate-800">
          <div>
            <h3 className="mb-2 text-xs font-medium">Labels</h3>
            <KeyValueEditor
              item="Label"
              values={draft.metadata.labels}
              onChange={(labels) =>
                setDraft({ ...draft, metadata: withMap(draft.metadata, 'labels', labels) })
              }
            />
          </div>
          <div>
            <h3 className="mb-2 text-xs font-medium">Annotations</h3>
            <KeyValueEditor
              item="Annotation"
              values={draft.metadata.annotations}
              onChange={(annotations) =>
                setDraft({
                  ...draft,
                  metadata: withMap(draft.metadata, 'annotations', annotations),
                })
              }
            />
          </div>
        </div>
      </Panel>
      {kind === 'ClusterRole' && (
        <Panel title="Aggregation">
          <div className="p-4">
            <AggregationRuleEditor
              value={draft.aggregationRule}
              onChange={(aggregationRule) => {
                const { aggregationRule: _old, ...rest } = draft;
                setDraft(aggregationRule ? { ...rest, aggregationRule } : rest);
              }}
            />
          </div>
        </Panel>
      )}
      <Panel title={`Rules (${rules.length})`}>
        <div className="p-4">
          {draft.aggregationRule && (
            <p className="mb-2 text-xs text-amber-700 dark:text-amber-400">
              This ClusterRole aggregates: the aggregation controller sets its rules from the
              ClusterRoles its selectors match, replacing what is here.
            </p>
          )}
          {discovery.isError && (
            <p className="mb-2 text-xs text-amber-700">
              The cluster’s API discovery could not be read ({errorMessage(discovery.error)}); type
              groups and resources by hand.
            </p>
          )}
          <RuleEditor
            rules={rules}
            onChange={(r) => setDraft({ ...draft, rules: r })}
            discovery={discovery.data ?? []}
            namespaced={kind === 'Role'}
            errors={submitted ? validation.errors : []}
          />
        </div>
      </Panel>
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
                kind={kind}
                value={yamlText}
                onChange={onYaml}
                parseError={yamlError}
                valid={validation.valid}
                errors={validation.errors}
                height="55vh"
              />
            ),
          },
        ]}
      />
      <div className="space-y-3 px-6">
        <EscalationNotice
          prediction={prediction}
          action={`${editing ? 'save' : 'create'} this ${kind}`}
        />
        <ImpactPanel
          change={
            validation.valid && yamlError === null
              ? {
                  operation: editing ? 'update' : 'create',
                  object: {
                    ...draft,
                    kind,
                    metadata: { ...draft.metadata, ...(namespace ? { namespace } : {}) },
                  },
                }
              : null
          }
        />
        {lost.length > 0 && (
          <LockoutWarning
            what={`${kind} ${name}`}
            via={mine.map((b) => b.metadata.name)}
            rules={lost}
            acknowledged={ack}
            onAcknowledge={setAck}
          />
        )}
        {submitted && <FieldErrors errors={validation.errors} />}
        {conflict && original ? (
          <RoleConflict
            kind={kind}
            namespace={namespace}
            name={original.metadata.name}
            mine={draft}
            base={initial}
            onReapply={(latest) => {
              setConflict(false);
              save({
                ...draft,
                metadata: { ...draft.metadata, resourceVersion: latest.metadata.resourceVersion },
              });
            }}
            onDiscard={() =>
              navigate(kindPaths.detail(cluster.id, kind, namespace, original.metadata.name))
            }
          />
        ) : (
          write.error && (
            <Callout tone="error" title="The API server refused the change">
              {errorMessage(write.error)}
            </Callout>
          )
        )}
        <div className="flex gap-2">
          <Button
            type="submit"
            variant="primary"
            disabled={write.isPending || prediction.outcome === 'denied'}
          >
            {write.isPending ? 'Saving…' : editing ? 'Save changes' : `Create ${kind}`}
          </Button>
          <ButtonLink
            to={
              editing
                ? kindPaths.detail(cluster.id, kind, namespace, original.metadata.name)
                : kindPaths.list(cluster.id, kind, namespace)
            }
          >
            Cancel
          </ButtonLink>
        </div>
      </div>
    </form>
  );
}
