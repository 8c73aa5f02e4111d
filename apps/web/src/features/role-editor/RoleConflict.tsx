import { useQuery } from '@tanstack/react-query';
import { compactRules, rulesCover } from '@gatehouse/policy';
import { requestJson, errorMessage } from '../../api/http.js';
import { rbacKinds, rbacPath } from '../../api/rbacKinds.js';
import { roleSchema, type RoleObject } from '../../api/rbacSchemas.js';
import { useCluster } from '../../app/cluster.js';
import { Button } from '../../ui/Button.js';
import { Callout } from '../../ui/Panel.js';
import { RulesTable } from '../../rbac/RulesTable.js';
import type { RoleKind } from './roleDraft.js';

/** After a 409: shows what someone else changed, then reapply the user's draft on top of it or drop the draft. */
export function RoleConflict({
  kind,
  namespace,
  name,
  mine,
  base,
  onReapply,
  onDiscard,
}: {
  kind: RoleKind;
  namespace?: string;
  name: string;
  mine: RoleObject;
  base: RoleObject;
  onReapply: (latest: RoleObject) => void;
  onDiscard: () => void;
}) {
  const { cluster } = useCluster();
  const latest = useQuery({
    queryKey: ['conflict', cluster.id, kind, namespace, name, mine.metadata.resourceVersion],
    queryFn: ({ signal }) =>
      requestJson(rbacPath(cluster.id, rbacKinds[kind], namespace, name), roleSchema, { signal }),
    staleTime: 0,
  });
  // What they changed, relative to the version this edit started from, as permissions gained and lost.
  const added = latest.data
    ? compactRules(rulesCover(base.rules, latest.data.rules).uncovered)
    : [];
  const removed = latest.data
    ? compactRules(rulesCover(latest.data.rules, base.rules).uncovered)
    : [];
  return (
    <Callout tone="warning" title="Someone else changed this role while you were editing">
      <p>Your changes were not saved (HTTP 409 Conflict), and nothing was overwritten.</p>
      {latest.data && (
        <div className="mt-2 space-y-2">
          {added.length > 0 && (
            <div className="rounded bg-white dark:bg-slate-900">
              <p className="px-3 pt-2 text-xs font-semibold">They added</p>
              <RulesTable rules={added} label="Permissions they added" />
            </div>
          )}
          {removed.length > 0 && (
            <div className="rounded bg-white dark:bg-slate-900">
              <p className="px-3 pt-2 text-xs font-semibold">They removed</p>
              <RulesTable rules={removed} label="Permissions they removed" />
            </div>
          )}
          {added.length === 0 && removed.length === 0 && (
            <p>The rules are the same; they changed labels, annotations or other fields.</p>
          )}
          <details className="rounded bg-white dark:bg-slate-900">
            <summary className="cursor-pointer px-3 py-2 text-xs font-semibold">
              Their full version
            </summary>
            <RulesTable rules={latest.data.rules} label="Rules saved by someone else" />
          </details>
        </div>
      )}
      {latest.error && (
        <p className="mt-2">Their version could not be loaded: {errorMessage(latest.error)}</p>
      )}
      <div className="mt-3 flex gap-2">
        <Button
          variant="primary"
          disabled={!latest.data}
          onClick={() => latest.data && onReapply(latest.data)}
        >
          Reapply my changes
        </Button>
        <Button onClick={onDiscard}>Discard my changes</Button>
      </div>
    </Callout>
  );
}
