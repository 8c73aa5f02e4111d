import { useState, type ChangeEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useCluster } from '../../app/cluster.js';
import { k8sKeys } from '../../api/rbacKeys.js';
import { rbacKinds } from '../../api/rbacKinds.js';
import { Badge, type BadgeTone } from '../../ui/Badge.js';
import { Button } from '../../ui/Button.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { Callout, Panel } from '../../ui/Panel.js';
import { kindPaths } from '../../rbac/kindPaths.js';
import { applyImport, dryRunImport, type Applied, type DryRun } from './importApi.js';
import { objectDiff, parseStream, type ImportObject } from './importPlan.js';
import { DiffLines } from '../../ui/LineDiff.js';

const actionTone: Record<'create' | 'update' | 'unchanged', BadgeTone> = {
  create: 'green',
  update: 'amber',
  unchanged: 'neutral',
};
const actionLabel = { create: 'Will create', update: 'Will update', unchanged: 'Unchanged' };

type Checked = { item: ImportObject; dry: DryRun; applied?: Applied };

/**
 * Imports RBAC objects from a YAML file or a pasted multi-document stream: every document is
 * validated first (a bad one stops the import and is named), then the API server dry-runs each
 * object as the signed-in user and the page shows what would change; applying writes them in
 * document order, each against the version the dry run read.
 */
export function ImportPage() {
  const { cluster } = useCluster();
  const client = useQueryClient();
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [checked, setChecked] = useState<Checked[] | null>(null);
  const [busy, setBusy] = useState<'checking' | 'applying' | null>(null);
  const applied = checked?.some((c) => c.applied) ?? false;

  const edit = (next: string) => {
    setText(next);
    setChecked(null);
    setErrors([]);
  };
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) edit(await file.text());
  };
  const check = async () => {
    const parsed = parseStream(text);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      setChecked(null);
      return;
    }
    setErrors([]);
    setBusy('checking');
    const out: Checked[] = [];
    for (const item of parsed.objects)
      out.push({ item, dry: await dryRunImport(cluster.id, item) });
    setChecked(out);
    setBusy(null);
  };
  const apply = async () => {
    if (!checked) return;
    setBusy('applying');
    const out: Checked[] = [];
    for (const c of checked)
      out.push({ ...c, applied: await applyImport(cluster.id, c.item, c.dry) });
    setChecked(out);
    setBusy(null);
    for (const c of out)
      await client.invalidateQueries({
        queryKey: k8sKeys.kind(cluster.id, rbacKinds[c.item.kind].plural),
      });
    await client.invalidateQueries({ queryKey: ['session'] });
  };

  const refused = checked?.filter((c) => !c.dry.ok).length ?? 0;
  const changes = checked?.filter((c) => c.dry.ok && c.dry.action !== 'unchanged').length ?? 0;

  return (
    <>
      <PageHeader
        title="Import YAML"
        crumbs={[{ label: cluster.name }]}
        description="Roles, ClusterRoles, RoleBindings and ClusterRoleBindings from a file or pasted text, one object per YAML document. The API server checks each with a dry run as you before anything is written."
      />
      <div className="max-w-5xl space-y-4 p-6">
        <Panel title="Objects">
          <div className="space-y-3 p-4">
            <label className="block text-xs font-medium">
              YAML file
              <input
                type="file"
                accept=".yaml,.yml,.json,application/yaml,text/yaml"
                onChange={(e) => void onFile(e)}
                className="mt-1 block text-sm"
              />
            </label>
            <label className="block text-xs font-medium">
              YAML to import
              <textarea
                value={text}
                onChange={(e) => edit(e.target.value)}
                rows={14}
                spellCheck={false}
                placeholder={
                  'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n…\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\n…'
                }
                className="mt-1 block w-full rounded-md border border-slate-300 bg-white p-2 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
              />
            </label>
            <Button
              variant="primary"
              onClick={() => void check()}
              disabled={busy !== null || !text.trim()}
            >
              {busy === 'checking' ? 'Checking…' : 'Check with a dry run'}
            </Button>
          </div>
        </Panel>
        {errors.length > 0 && (
          <Callout tone="error" title="Nothing was imported: fix these documents first">
            <ul className="list-inside list-disc">
              {errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </Callout>
        )}
        {checked && (
          <Panel title={applied ? 'Results' : `Dry run: ${changes} to change, ${refused} refused`}>
            <ul
              aria-label={applied ? 'Import results' : 'Dry run'}
              className="divide-y divide-slate-200 dark:divide-slate-800"
            >
              {checked.map((c) => (
                <ImportRow key={c.item.label} cluster={cluster.id} checked={c} />
              ))}
            </ul>
            <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 p-4 dark:border-slate-800">
              {applied ? (
                <p className="text-sm">Import finished; each object’s outcome is above.</p>
              ) : refused > 0 ? (
                <p className="text-sm text-red-700 dark:text-red-400">
                  The API server refused {refused === 1 ? 'one object' : `${refused} objects`}:
                  nothing is applied until every object passes the dry run.
                </p>
              ) : changes === 0 ? (
                <p className="text-sm">Everything is already as the YAML says: nothing to apply.</p>
              ) : (
                <Button variant="primary" onClick={() => void apply()} disabled={busy !== null}>
                  {busy === 'applying'
                    ? 'Applying…'
                    : `Apply ${changes} ${changes === 1 ? 'change' : 'changes'}`}
                </Button>
              )}
            </div>
          </Panel>
        )}
      </div>
    </>
  );
}

function ImportRow({ cluster, checked }: { cluster: string; checked: Checked }) {
  const { item, dry, applied } = checked;
  const { name, namespace } = item.object.metadata;
  return (
    <li aria-label={item.label} className="space-y-2 p-4 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-xs text-slate-500">Document {item.document}</span>
        <span className="font-medium">{item.kind}</span>
        <Link
          to={kindPaths.detail(cluster, item.kind, namespace, name)}
          className="font-mono text-brand-700 hover:underline dark:text-brand-300"
        >
          {namespace ? `${namespace}/` : ''}
          {name}
        </Link>
        {dry.ok ? (
          <Badge tone={actionTone[dry.action]}>{actionLabel[dry.action]}</Badge>
        ) : (
          <Badge tone="red">Refused by the dry run</Badge>
        )}
        {applied &&
          (applied.ok ? (
            <Badge tone="green">
              {applied.outcome[0]?.toUpperCase() + applied.outcome.slice(1)}
            </Badge>
          ) : (
            <Badge tone="red">Failed</Badge>
          ))}
      </div>
      {!dry.ok && <p className="text-red-700 dark:text-red-400">{dry.error}</p>}
      {applied && !applied.ok && (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {applied.error}
        </p>
      )}
      {dry.ok && dry.action !== 'unchanged' && !applied && (
        <figure aria-label={`Diff of ${item.label}`}>
          <pre className="max-h-80 overflow-auto rounded border border-slate-200 bg-white p-2 font-mono text-xs dark:border-slate-700 dark:bg-slate-900">
            <DiffLines lines={objectDiff(dry.before, dry.after)} />
          </pre>
        </figure>
      )}
    </li>
  );
}
