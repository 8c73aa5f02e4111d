import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/** Catches render errors so one broken page never blanks the console; offers a way back. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Gatehouse page failed', error, info.componentStack);
  }

  override componentDidUpdate(prev: { resetKey?: string }): void {
    // Navigating elsewhere is the user's way out: clear the error for the new page.
    if (this.state.error && prev.resetKey !== this.props.resetKey) this.setState({ error: null });
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div
        role="alert"
        className="mx-auto mt-16 max-w-xl rounded-lg border border-red-200 bg-white p-6 shadow-sm dark:border-red-900 dark:bg-slate-900"
      >
        <h1 className="text-lg font-semibold">Something went wrong on this page</h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
          The page hit an unexpected error. Nothing was changed in the cluster by this error. Try
          again, or go back to the overview.
        </p>
        <pre className="mt-3 overflow-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-800">
          {error.message}
        </pre>
        <div className="mt-4 flex gap-2">
          <button
            type="button"
            className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
            onClick={() => this.setState({ error: null })}
          >
            Try again
          </button>
          <a
            href="/"
            className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 dark:border-slate-600 dark:hover:bg-slate-800"
          >
            Go to overview
          </a>
        </div>
      </div>
    );
  }
}
