import { Navigate, useLocation } from 'react-router';
import type { ReactNode } from 'react';
import { useSession, type Session } from '../api/session.js';
import { Spinner } from '../ui/Spinner.js';
import { Callout } from '../ui/Panel.js';
import { errorMessage } from '../api/http.js';

/** Renders children with the session, or sends the visitor to sign in and back here afterwards. */
export function RequireSession({ children }: { children: (session: Session) => ReactNode }) {
  const location = useLocation();
  const { data, error, isPending, refetch } = useSession();
  if (isPending) return <Spinner label="Loading your session" />;
  if (error) {
    return (
      <div className="mx-auto mt-16 max-w-xl">
        <Callout tone="error" title="Gatehouse could not load your session">
          <p>{errorMessage(error)}</p>
          <button
            type="button"
            className="mt-2 font-medium underline"
            onClick={() => void refetch()}
          >
            Try again
          </button>
        </Callout>
      </div>
    );
  }
  if (!data) {
    const returnTo = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?returnTo=${encodeURIComponent(returnTo)}`} replace />;
  }
  return <>{children(data)}</>;
}
