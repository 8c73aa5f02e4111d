import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useCluster } from './cluster.js';
import { useSignOut } from '../api/session.js';
import { useToast } from './toasts.js';
import { errorMessage } from '../api/http.js';

const modeLabel = { demo: 'Demo sign-in', token: 'Bearer token', oidc: 'Single sign-on' } as const;

export function UserMenu() {
  const { session } = useCluster();
  const [open, setOpen] = useState(false);
  const signOut = useSignOut();
  const navigate = useNavigate();
  const { notify } = useToast();
  const menuRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onDown = (e: MouseEvent) => {
      if (
        !menuRef.current?.contains(e.target as Node) &&
        !buttonRef.current?.contains(e.target as Node)
      )
        setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  const doSignOut = () => {
    signOut.mutate(undefined, {
      onSuccess: () => navigate('/sign-in'),
      onError: (err) => notify('error', 'Sign-out failed', errorMessage(err)),
    });
  };

  const { name, groups } = session.user;
  return (
    <div className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={`User menu for ${name}`}
        onClick={() => setOpen((o) => !o)}
        className="flex items-center gap-2 rounded-md px-2 py-1 hover:bg-slate-800"
      >
        <span
          className="flex size-7 items-center justify-center rounded-full bg-brand-600 text-xs font-semibold uppercase"
          aria-hidden="true"
        >
          {name.slice(0, 1)}
        </span>
        <span className="hidden max-w-40 truncate text-sm sm:inline">{name}</span>
      </button>
      {open && (
        <div
          ref={menuRef}
          role="menu"
          aria-label="User menu"
          tabIndex={-1}
          onKeyDown={(e) => e.key === 'Escape' && close()}
          className="absolute right-0 z-40 mt-2 w-72 rounded-md border border-slate-200 bg-white py-1 text-slate-900 shadow-xl dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
        >
          <div className="border-b border-slate-200 px-4 py-3 dark:border-slate-800">
            <p className="text-xs text-slate-500 dark:text-slate-400">Signed in as</p>
            <p className="truncate font-medium">{name}</p>
            <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
              {modeLabel[session.authMode]}
            </p>
            {groups.length > 0 && (
              <ul aria-label="Your groups" className="mt-2 flex flex-wrap gap-1">
                {groups.map((g) => (
                  <li
                    key={g}
                    className="rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800"
                  >
                    {g}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <button
            type="button"
            role="menuitem"
            onClick={doSignOut}
            disabled={signOut.isPending}
            className="block w-full px-4 py-2 text-left text-sm hover:bg-slate-100 focus-visible:bg-slate-100 dark:hover:bg-slate-800 dark:focus-visible:bg-slate-800"
          >
            {signOut.isPending ? 'Signing out…' : 'Sign out'}
          </button>
        </div>
      )}
    </div>
  );
}
