import type { BindingObject } from '../../api/rbacSchemas.js';
import { Dialog } from '../../ui/Dialog.js';
import { Button } from '../../ui/Button.js';
import { SubjectChip } from '../../rbac/SubjectChip.js';
import { sameSubject } from './plan.js';
import type { Conflict } from './useSubjectChange.js';

/** Shows what someone else changed meanwhile, then lets the user reapply their change or drop it. */
export function ConflictDialog({
  conflict,
  current,
  onReapply,
  onDiscard,
  busy,
}: {
  conflict: Conflict | null;
  current: BindingObject | undefined;
  onReapply: () => void;
  onDiscard: () => void;
  busy: boolean;
}) {
  const ns = current?.metadata.namespace ?? '';
  const before = conflict?.mine.subjects ?? [];
  const now = current?.subjects ?? [];
  const added = now.filter((s) => !before.some((b) => sameSubject(b, s, ns)));
  const removed = before.filter((b) => !now.some((s) => sameSubject(b, s, ns)));
  const change = conflict?.change;
  return (
    <Dialog
      open={conflict !== null}
      title="This binding changed while you were editing"
      onClose={onDiscard}
      footer={
        <>
          <Button onClick={onDiscard}>Discard my change</Button>
          <Button variant="primary" onClick={onReapply} disabled={busy || !current}>
            Reapply my change
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        <p>
          Someone else updated it after you loaded the page, so your change was not saved (HTTP 409
          Conflict). Nothing was overwritten.
        </p>
        <div>
          <p className="font-medium">Changed by someone else</p>
          {added.length === 0 && removed.length === 0 ? (
            <p className="text-slate-500">
              Subjects are the same; other fields changed (labels, annotations or metadata).
            </p>
          ) : (
            <ul className="mt-1 space-y-1">
              {added.map((s, i) => (
                <li key={`a${i}`}>
                  Added <SubjectChip subject={s} />
                </li>
              ))}
              {removed.map((s, i) => (
                <li key={`r${i}`}>
                  Removed <SubjectChip subject={s} />
                </li>
              ))}
            </ul>
          )}
        </div>
        {change && (
          <p>
            Your change: {change.op === 'add' ? 'add' : 'remove'}{' '}
            <SubjectChip subject={change.subject} />
          </p>
        )}
      </div>
    </Dialog>
  );
}
