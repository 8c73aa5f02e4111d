import { Link } from 'react-router';
import { paths, useCluster } from '../../app/cluster.js';
import { useAccess } from '../../access/useAccess.js';
import { useRisks, type ObjectRef } from './api.js';
import { analysisRequest } from './AnalysisPage.js';
import { severityTone } from './severity.js';
import { Badge } from '../../ui/Badge.js';

function Badges({ target }: { target: ObjectRef }) {
  const { cluster } = useCluster();
  const risks = useRisks(cluster.id);
  const found = (risks.data?.findings ?? []).filter((f) => {
    const refs = [f.object, ...(f.role ? [f.role] : [])];
    return refs.some(
      (r) =>
        r.kind === target.kind &&
        r.name === target.name &&
        (r.namespace ?? '') === (target.namespace ?? ''),
    );
  });
  if (found.length === 0) return null;
  const worst = found[0];
  if (!worst) return null;
  return (
    <Link
      to={`${paths.clusterPage(cluster.id, 'access/risks')}`}
      title={found.map((f) => `${f.severity}: ${f.title}`).join('\n')}
    >
      <Badge tone={severityTone[worst.severity]}>
        {found.length} risk{found.length === 1 ? '' : 's'} · {worst.severity}
      </Badge>
    </Link>
  );
}

/** Inline risk findings for a role or binding page; nothing for people who may not run the analysis. */
export function ObjectRiskBadges(target: ObjectRef) {
  const state = useAccess(analysisRequest);
  return state === 'allowed' ? <Badges target={target} /> : null;
}
