import { useQuery } from '@tanstack/react-query';
import { requestJson, errorMessage } from '../../api/http.js';
import { rbacKinds, rbacPath } from '../../api/rbacKinds.js';
import { roleSchema, type RoleObject } from '../../api/rbacSchemas.js';
import { useCluster } from '../../app/cluster.js';
import { Button } from '../../ui/Button.js';
import { Callout } from '../../ui/Panel.js';
import { RulesTable } from '../../resources/shared/RulesTable.js';
import type { RoleKind } from './roleDraft.js';

/** After a 409: shows the version someone else saved, then reapply the user's draft on top of it or drop the draft. */
export function RoleConflict({ kind, namespace, name, mine, onReapply, onDiscard }: { kind: RoleKind; namespace?: string; name: string; mine: RoleObject; onReapply: (latest: RoleObject) => void; onDiscard: () => void }) {
  const { cluster } = useCluster();
  const latest = useQuery({
    queryKey: ['conflict', cluster.id, kind, namespace, name, mine.metadata.resourceVersion],
    queryFn: ({ signal }) => requestJson(rbacPath(cluster.id, rbacKinds[kind], namespace, name), roleSchema, { signal }),
    staleTime: 0,
  });
  return (
    <Callout tone="warning" title="Someone else changed this role while you were editing">
      <p>Your changes were not saved (HTTP 409 Conflict), and nothing was overwritten. Their version now has these rules:</p>
      {latest.data && (
        <div className="mt-2 rounded bg-white dark:bg-slate-900">
          <RulesTable rules={latest.data.rules} label="Rules saved by someone else" />
        </div>
      )}
      {latest.error && <p className="mt-2">Their version could not be loaded: {errorMessage(latest.error)}</p>}
      <div className="mt-3 flex gap-2">
        <Button variant="primary" disabled={!latest.data} onClick={() => latest.data && onReapply(latest.data)}>
          Reapply my changes
        </Button>
        <Button onClick={onDiscard}>Discard my changes</Button>
      </div>
    </Callout>
  );
}
