import type { ReactNode } from 'react';
import type { AccessRequest } from './capabilities.js';
import type { Capability } from './capabilities.js';
import { useAccess, useSettledAccess } from './useAccess.js';
import { NoAccessPage } from './NoAccessPage.js';
import { Spinner } from '../ui/Spinner.js';
import { Callout } from '../ui/Panel.js';

/**
 * Guards a page: the page renders only when the request it depends on is allowed. `decision`, when
 * given, replaces the rules' decision on `request` (e.g. "allowed in some namespace").
 */
export function RequireAccess({
  request,
  decision,
  what,
  children,
}: {
  request: AccessRequest;
  decision?: Capability;
  what: string;
  children: ReactNode;
}) {
  const byRules = useAccess(request);
  const settled = useSettledAccess(decision ?? 'allowed', request);
  const state = decision === undefined ? byRules : settled;
  if (state === 'allowed') return <>{children}</>;
  if (state === 'checking') return <Spinner label="Checking your access" />;
  if (state === 'denied') return <NoAccessPage request={request} what={what} />;
  return (
    <div className="mx-auto mt-16 max-w-xl px-6">
      <Callout tone="warning" title="Your access to this page could not be determined">
        The cluster reported your permissions as incomplete and the access review failed. The page
        is not shown rather than guessed; try again later or ask an administrator.
      </Callout>
    </div>
  );
}
