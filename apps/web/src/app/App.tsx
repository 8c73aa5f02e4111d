import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { ApiError } from '../api/http.js';
import { sessionKeys } from '../api/session.js';
import { ToastProvider } from './toasts.js';
import { createAppRouter } from './routes.js';

function retry(failures: number, error: unknown): boolean {
  // Permission and validation answers will not change on retry; network blips might.
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failures < 2;
}

// A 401 anywhere means the session ended (expired or signed out elsewhere): re-read it, and
// RequireSession sends the user to sign in and back to the same page.
function onError(error: unknown): void {
  if (error instanceof ApiError && error.status === 401)
    void queryClient.invalidateQueries({ queryKey: sessionKeys.session() });
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: { queries: { retry, refetchOnWindowFocus: false, staleTime: 10_000 } },
});
const router = createAppRouter();

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <RouterProvider router={router} />
      </ToastProvider>
    </QueryClientProvider>
  );
}
