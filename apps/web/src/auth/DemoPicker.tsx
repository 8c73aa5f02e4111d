export function DemoPicker({
  users,
  busy,
  onPick,
}: {
  users: { name: string; description: string }[];
  busy: boolean;
  onPick: (user: string) => void;
}) {
  return (
    <section aria-labelledby="demo-heading">
      <h2 id="demo-heading" className="text-sm font-semibold">
        Demo users
      </h2>
      <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
        The embedded cluster is seeded with these people. Pick one to see the console as them.
      </p>
      <ul className="mt-3 space-y-2">
        {users.map((u) => (
          <li key={u.name}>
            <button
              type="button"
              disabled={busy}
              onClick={() => onPick(u.name)}
              className="flex w-full items-center gap-3 rounded-lg border border-slate-200 px-3 py-2.5 text-left hover:border-brand-500 hover:bg-brand-50 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800"
            >
              <span
                className="flex size-8 shrink-0 items-center justify-center rounded-full bg-slate-200 text-sm font-semibold uppercase dark:bg-slate-700"
                aria-hidden="true"
              >
                {u.name.slice(0, 1)}
              </span>
              <span className="min-w-0">
                {/* The name is the visible label (WCAG 2.5.3: the accessible name contains it). */}
                <span className="block font-medium">
                  <span className="sr-only">Sign in as </span>
                  {u.name}
                </span>
                <span className="block truncate text-xs text-slate-500 dark:text-slate-400">
                  {u.description}
                </span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
