import type { ReactNode } from 'react';
import type { AccessRequest } from './capabilities.js';
import { useAccess } from './useAccess.js';
import { NoAccessPage } from './NoAccessPage.js';
import { Spinner } from '../ui/Spinner.js';
import { Callout } from '../ui/Panel.js';

/** Guards a page: the page renders only when the request it depends on is allowed. */
export function RequireAccess({
  request,
  what,
  children,
}: {
  request: AccessRequest;
  what: string;
  children: ReactNode;
}) {
  const state = useAccess(request);
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
