import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { ApiError, errorMessage } from '../api/http.js';
import { Spinner } from './Spinner.js';
import { Callout } from './Panel.js';

/** What a failed load tells the user: the server's message plus what they can do about it. */
export function adviceFor(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'Your session has ended. Sign in again.';
    if (error.status === 403)
      return 'The API server refused this for your user. Ask an administrator for access if you need it.';
    if (error.status === 404)
      return 'It may have been deleted by someone else. Go back to the list.';
    if (error.status === 0 || error.status >= 500)
      return 'The cluster or the Gatehouse server is having trouble. Try again in a moment.';
  }
  return 'Try again; if it keeps happening, tell your platform team.';
}

export function QueryState<T>({
  query,
  what,
  children,
}: {
  query: UseQueryResult<T>;
  what: string;
  children: ReactNode;
}) {
  if (query.isPending) return <Spinner label={`Loading ${what}`} />;
  if (query.isError) {
    return (
      <div className="p-4">
        <Callout tone="error" title={`Could not load ${what}`}>
          <p>{errorMessage(query.error)}</p>
          <p className="mt-1">{adviceFor(query.error)}</p>
          <button
            type="button"
            className="mt-2 font-medium underline"
            onClick={() => void query.refetch()}
          >
            Retry
          </button>
        </Callout>
      </div>
    );
  }
  return <>{children}</>;
}
