import { useState, type FormEvent } from 'react';

export function TokenForm({
  clusters,
  busy,
  onSubmit,
}: {
  clusters: { id: string; name: string }[];
  busy: boolean;
  onSubmit: (token: string, cluster: string | undefined) => void;
}) {
  const [token, setToken] = useState('');
  const [cluster, setCluster] = useState(clusters[0]?.id ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (token.trim()) onSubmit(token.trim(), cluster || undefined);
  };
  return (
    <form onSubmit={submit} aria-labelledby="token-heading" className="space-y-3">
      <h2 id="token-heading" className="text-sm font-semibold">
        Bearer token
      </h2>
      {clusters.length > 1 && (
        <label className="block text-sm">
          <span className="font-medium">Cluster</span>
          <select
            value={cluster}
            onChange={(e) => setCluster(e.target.value)}
            className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-600 dark:bg-slate-800"
          >
            {clusters.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="block text-sm">
        <span className="font-medium">Token</span>
        <textarea
          value={token}
          onChange={(e) => setToken(e.target.value)}
          rows={3}
          spellCheck={false}
          autoComplete="off"
          className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-xs dark:border-slate-600 dark:bg-slate-800"
          placeholder="eyJhbGciOi…"
        />
        <span className="mt-1 block text-xs text-slate-500 dark:text-slate-400">
          A ServiceAccount or static token the cluster accepts. It is kept in your encrypted
          session, never in the browser.
        </span>
      </label>
      <button
        type="submit"
        disabled={busy || !token.trim()}
        className="w-full rounded-md bg-slate-900 px-3 py-2 text-sm font-medium text-white hover:bg-slate-800 disabled:opacity-50 dark:bg-slate-100 dark:text-slate-900"
      >
        Sign in with token
      </button>
    </form>
  );
}
