import { Badge } from '../../ui/Badge.js';
import type { ClusterStatus } from './api.js';
import { statusChip } from './plan.js';

/** One cluster's state of a policy: Applied, Drifted, Pending, …, or why it could not be checked. */
export function StatusChip({
  status,
  withCluster = false,
}: {
  status: ClusterStatus;
  withCluster?: boolean;
}) {
  const chip = statusChip(status);
  return (
    <Badge tone={chip.tone} {...(chip.detail ? { title: chip.detail } : {})}>
      {withCluster && <span className="mr-1 font-mono font-normal">{status.cluster}</span>}
      {chip.text}
    </Badge>
  );
}
