import { useParams, useSearchParams } from 'react-router';
import { PageHeader } from '../../ui/PageHeader.js';
import { Callout } from '../../ui/Panel.js';
import { QueryState } from '../../ui/QueryState.js';
import { usePolicy } from './api.js';
import { PolicyEditor } from './PolicyEditor.js';
import { emptyForm, formFromSpec, formFromTemplate } from './policyForm.js';
import { policiesPath, policyPath } from './paths.js';

const crumbs = [{ label: 'Fleet' }, { label: 'Policies', to: policiesPath }];

function FromTemplate({ from }: { from: string }) {
  const query = usePolicy(from);
  return (
    <QueryState query={query} what={`policy ${from}`}>
      {query.data && <PolicyEditor initial={formFromTemplate(from, query.data.policy.spec)} />}
    </QueryState>
  );
}

/** /fleet/policies/create, or …/create?from=<policy> to start from a copy (a built-in, usually). */
export function CreatePolicyPage() {
  const [params] = useSearchParams();
  const from = params.get('from');
  return (
    <>
      <PageHeader
        title="Create access policy"
        crumbs={crumbs}
        description={
          from
            ? `Starting from ${from}: its statements, with your subjects. Saving changes no cluster; you review the plan and apply it next.`
            : 'Subjects, and statements of a ClusterRole (or inline rules) placed on clusters and namespaces. Saving changes no cluster; you review the plan and apply it next.'
        }
      />
      {from ? <FromTemplate key={from} from={from} /> : <PolicyEditor initial={emptyForm()} />}
    </>
  );
}

/** /fleet/policies/:name/edit */
export function EditPolicyPage() {
  const { name = '' } = useParams();
  const query = usePolicy(name);
  const builtin = query.data?.builtin ?? false;
  return (
    <>
      <PageHeader
        title={`Edit ${name}`}
        crumbs={[...crumbs, { label: name, to: policyPath(name) }]}
      />
      <QueryState query={query} what={`policy ${name}`}>
        {query.data &&
          (builtin || !query.data.canEdit ? (
            <div className="p-6">
              <Callout
                tone="info"
                title={
                  builtin ? 'Built-in policies cannot be changed' : 'You may not change this policy'
                }
              >
                {builtin
                  ? 'Create a policy from it instead, and change the copy.'
                  : 'The home cluster does not let you update AccessPolicies.'}
              </Callout>
            </div>
          ) : (
            <PolicyEditor
              key={query.data.policy.metadata.resourceVersion}
              initial={formFromSpec(name, query.data.policy.spec)}
              resourceVersion={query.data.policy.metadata.resourceVersion}
            />
          ))}
      </QueryState>
    </>
  );
}
