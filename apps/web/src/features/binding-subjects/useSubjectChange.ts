import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/http.js';
import { useRbacWrite } from '../../api/rbac.js';
import { k8sKeys } from '../../api/rbacKeys.js';
import type { BindingObject } from '../../api/rbacSchemas.js';
import { rbacKinds } from '../../api/rbacKinds.js';
import { applySubjectChange, type SubjectChange } from './plan.js';

export interface Conflict {
  change: SubjectChange;
  mine: BindingObject;
}

/**
 * Adds or removes one subject with the binding's resourceVersion as precondition. A 409 keeps
 * the change pending as a conflict so the user can reapply it to the fresh binding or discard it.
 */
export function useSubjectChange(cluster: string, kind: 'ClusterRoleBinding' | 'RoleBinding') {
  const write = useRbacWrite(cluster);
  const client = useQueryClient();
  const [conflict, setConflict] = useState<Conflict | null>(null);

  const apply = async (binding: BindingObject, change: SubjectChange): Promise<boolean> => {
    const next = applySubjectChange(binding, change);
    try {
      await write.mutateAsync({ action: 'update', kind, object: next });
      setConflict(null);
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setConflict({ change, mine: binding });
        await client.invalidateQueries({
          queryKey: k8sKeys.detail(
            cluster,
            rbacKinds[kind].plural,
            binding.metadata.namespace,
            binding.metadata.name,
          ),
        });
        return false;
      }
      throw err;
    }
  };

  return { apply, conflict, discard: () => setConflict(null), pending: write.isPending };
}
