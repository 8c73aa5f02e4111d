import { compactRules } from '@gatehouse/policy';
import { useCluster } from '../../app/cluster.js';
import { Panel } from '../../ui/Panel.js';
import { RulesTable } from '../../rbac/RulesTable.js';

/** What the signed-in person may do in the chosen namespace, as the API server evaluated it. */
export function MyPermissions({ namespace }: { namespace: string }) {
  const { cluster } = useCluster();
  const access = cluster.capabilities.namespaces.find((n) => n.name === namespace);
  const rules = compactRules(
    access ? access.rules.resourceRules : cluster.capabilities.cluster.resourceRules,
  );
  return (
    <Panel title={`Your permissions in ${namespace}`}>
      {!access && (
        <p className="px-4 pt-3 text-xs text-slate-500">
          You have no binding in this namespace; only your cluster-wide permissions apply here.
        </p>
      )}
      {access?.rules.incomplete && (
        <p className="px-4 pt-3 text-xs text-amber-700 dark:text-amber-300">
          The cluster reported this list as incomplete
          {access.rules.evaluationError ? `: ${access.rules.evaluationError}` : ''}.
        </p>
      )}
      <RulesTable rules={rules} label={`Your permissions in ${namespace}`} />
    </Panel>
  );
}
