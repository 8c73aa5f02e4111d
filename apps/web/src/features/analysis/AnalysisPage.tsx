import type { FormEvent, ReactNode } from 'react';
import { RBAC_GROUP } from '../../api/rbacKinds.js';
import { RequireAccess } from '../../access/RequireAccess.js';
import { decideAnywhere } from '../../access/capabilities.js';
import { useCluster } from '../../app/cluster.js';
import { Button } from '../../ui/Button.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { Panel } from '../../ui/Panel.js';

/**
 * Cluster-wide list of RoleBindings: who may read every binding (the risk badges on role and binding
 * pages are shown to them). The analysis pages need it only somewhere: they are computed from the
 * bindings the user may read, labelled partial when that is not all of them.
 */
export const analysisRequest = {
  verb: 'list',
  apiGroup: RBAC_GROUP,
  resource: 'rolebindings',
} as const;

/** The frame of every analysis page: header, the question form, then the answer. */
export function AnalysisPage({
  title,
  description,
  form,
  submitLabel,
  onSubmit,
  children,
}: {
  title: string;
  description: ReactNode;
  form?: ReactNode;
  submitLabel?: string;
  onSubmit?: () => void;
  children: ReactNode;
}) {
  const { cluster } = useCluster();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit?.();
  };
  return (
    <RequireAccess
      request={analysisRequest}
      decision={decideAnywhere(cluster.capabilities, analysisRequest)}
      what={`${title} (access analysis)`}
    >
      <PageHeader
        title={title}
        crumbs={[{ label: cluster.name }, { label: 'Access analysis' }]}
        description={description}
      />
      <div className="space-y-4 p-6">
        {form && (
          <Panel>
            <form className="space-y-3 p-4" onSubmit={submit} aria-label={title}>
              {form}
              <Button type="submit" variant="primary">
                {submitLabel}
              </Button>
            </form>
          </Panel>
        )}
        {children}
      </div>
    </RequireAccess>
  );
}
