import { segment } from '../../api/rbacKinds.js';

export const policiesPath = '/fleet/policies';
export const createPolicyPath = (from?: string) =>
  from ? `/fleet/policies/create?from=${encodeURIComponent(from)}` : '/fleet/policies/create';
export const policyPath = (name: string) => `/fleet/policies/${segment(name)}`;
export const editPolicyPath = (name: string) => `${policyPath(name)}/edit`;
