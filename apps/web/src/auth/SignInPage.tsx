import { useNavigate, useSearchParams } from 'react-router';
import { useAuthConfig, useSignIn, type SignIn } from '../api/session.js';
import { errorMessage } from '../api/http.js';
import { Spinner } from '../ui/Spinner.js';
import { Callout } from '../ui/Panel.js';
import { DemoPicker } from './DemoPicker.js';
import { TokenForm } from './TokenForm.js';

/** Only same-site paths are followed after sign-in, never another origin. */
export function safeReturnTo(value: string | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\'))
    return '/';
  return value;
}

export function SignInPage() {
  const [params] = useSearchParams();
  const returnTo = safeReturnTo(params.get('returnTo'));
  const config = useAuthConfig();
  const signIn = useSignIn();
  const navigate = useNavigate();

  const submit = (input: SignIn) =>
    signIn.mutate(input, { onSuccess: () => navigate(returnTo, { replace: true }) });

  return (
    <div className="flex min-h-full items-center justify-center bg-gradient-to-br from-slate-900 via-slate-900 to-indigo-950 p-4">
      <main className="w-full max-w-md rounded-xl bg-white p-8 shadow-2xl dark:bg-slate-900">
        <div className="flex items-center gap-2">
          <img src="/favicon.svg" alt="" className="size-8" />
          <span className="text-lg font-semibold tracking-tight">Gatehouse</span>
        </div>
        <h1 className="mt-6 text-2xl font-semibold tracking-tight">Sign in</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Manage who may do what in your Kubernetes clusters.
        </p>
        {signIn.error && (
          <div className="mt-4">
            <Callout tone="error" title="Sign-in failed">
              {errorMessage(signIn.error)}
            </Callout>
          </div>
        )}
        {config.isPending && <Spinner label="Loading sign-in options" />}
        {config.error && (
          <div className="mt-4">
            <Callout tone="error" title="Sign-in options could not be loaded">
              {errorMessage(config.error)} Check that the Gatehouse server is running, then reload
              the page.
            </Callout>
          </div>
        )}
        {config.data && (
          <div className="mt-6 space-y-6">
            {config.data.modes.includes('oidc') && (
              <a
                href={`/api/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`}
                className="flex w-full items-center justify-center rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700"
              >
                Sign in with single sign-on
              </a>
            )}
            {config.data.modes.includes('demo') && (
              <DemoPicker
                users={config.data.demoUsers}
                busy={signIn.isPending}
                onPick={(user) => submit({ mode: 'demo', user })}
              />
            )}
            {config.data.modes.includes('token') && (
              <TokenForm
                clusters={config.data.clusters}
                busy={signIn.isPending}
                onSubmit={(token, cluster) => submit({ mode: 'token', token, cluster })}
              />
            )}
          </div>
        )}
      </main>
    </div>
  );
}
