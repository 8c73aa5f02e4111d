// The authenticated identity of a request, as kube-apiserver's user.Info.

export interface UserInfo {
  name: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export const ANONYMOUS: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };

/** Every authenticated user also gets `system:authenticated`, as the API server's group adder does. */
export function withAuthenticatedGroup(groups: string[]): string[] {
  return groups.includes('system:authenticated') ? groups : [...groups, 'system:authenticated'];
}
