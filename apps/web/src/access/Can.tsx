import type { ReactNode } from 'react';
import type { AccessRequest } from './capabilities.js';
import { useAccess } from './useAccess.js';

/**
 * Shows an action only when the user may perform it. While the API server is being asked,
 * or when it cannot say, the action is replaced by an explicit marker instead of guessing.
 */
export function Can({
  request,
  children,
  denied = null,
}: {
  request: AccessRequest;
  children: ReactNode;
  denied?: ReactNode;
}) {
  const state = useAccess(request);
  if (state === 'allowed') return <>{children}</>;
  if (state === 'denied') return <>{denied}</>;
  return (
    <span
      className="inline-flex items-center gap-1 rounded border border-dashed border-slate-300 px-2 py-1 text-xs text-slate-500 dark:border-slate-600 dark:text-slate-400"
      title="Your rules review was incomplete, so Gatehouse asked the API server whether you may do this."
    >
      {state === 'checking' ? 'Checking permission…' : 'Permission unknown'}
    </span>
  );
}
