import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { SessionCluster } from '../api/session.js';
import { useNamespaceSearch } from '../api/namespaces.js';
import { groupByProject } from './scope.js';

const searchLimit = 50;
const debounceMs = 150;

interface Option {
  /** The namespace, or '' for all of them. */
  value: string;
  project?: string;
}

interface Group {
  label: string;
  options: Option[];
}

function useDebounced<T>(value: T): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), debounceMs);
    return () => clearTimeout(t);
  }, [value]);
  return v;
}

const optionName = (o: Option) =>
  o.value === '' ? 'All namespaces' : o.project ? `${o.value}, project ${o.project}` : o.value;

/**
 * The top bar's namespace chooser: the WAI-ARIA combobox pattern (list autocomplete). The person's
 * own namespaces come first, from the session; every other namespace they may see is searched for
 * as they type (GET /api/clusters/:cluster/namespaces), since a cluster may hold thousands. Down/Up
 * open the list and move through it, Enter takes the highlighted namespace, Escape closes the list
 * and puts back the current one.
 */
export function NamespacePicker({
  cluster,
  namespace,
  onChoose,
  className = '',
}: {
  cluster: SessionCluster;
  namespace: string | undefined;
  onChoose: (namespace: string | undefined) => void;
  className?: string;
}) {
  const listId = useId();
  const [open, setOpen] = useState(false);
  /** What the person typed since the list opened; null: the field shows the current namespace. */
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? namespace ?? '';
  const typed = draft !== null;
  const [active, setActive] = useState(-1);
  const caps = cluster.capabilities;
  const othersExist = caps.namespaceCount > caps.namespaces.length;
  const query = typed ? text.trim() : '';
  const debounced = useDebounced(query);
  // The search answers the person's own namespaces first: ask for enough to get past them.
  const limit = Math.min(200, searchLimit + ownMatches(caps, debounced.toLowerCase()));
  const search = useNamespaceSearch(cluster.id, debounced, limit, open && othersExist);

  const needle = query.toLowerCase();
  const groups = useMemo((): Group[] => {
    const out: Group[] = [];
    if (needle === '') out.push({ label: 'Scope', options: [{ value: '' }] });
    const own = caps.namespaces.filter((n) => n.name.toLowerCase().includes(needle));
    for (const g of groupByProject(own))
      out.push({
        label: g.project ? `Project ${g.project}` : 'Your namespaces',
        options: g.namespaces.map((value) => ({
          value,
          ...(g.project ? { project: g.project } : {}),
        })),
      });
    // Results of an earlier query stay up while the next is asked; only matching ones are shown.
    const others = (search.data?.namespaces ?? []).filter(
      (n) => !n.own && n.name.toLowerCase().includes(needle),
    );
    if (others.length)
      out.push({
        label: 'Other namespaces',
        options: others.map((n) => ({
          value: n.name,
          ...(n.project ? { project: n.project } : {}),
        })),
      });
    return out;
  }, [caps.namespaces, needle, search.data]);

  const options = useMemo(() => groups.flatMap((g) => g.options), [groups]);
  const expanded = open && options.length > 0;
  const current = active < options.length ? active : -1;
  const optionId = (i: number) => `${listId}-option-${i}`;
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (current < 0) return;
    listRef.current
      ?.querySelector('[aria-selected="true"]')
      ?.scrollIntoView?.({ block: 'nearest' });
  }, [current]);

  const close = () => {
    setOpen(false);
    setDraft(null);
    setActive(-1);
  };
  const take = (o: Option) => {
    close();
    if (o.value !== (namespace ?? '')) onChoose(o.value || undefined);
  };

  const keyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const n = options.length;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!open || e.altKey) {
          setOpen(true);
          if (!e.altKey && n > 0) setActive(0);
        } else if (n > 0) setActive((current + 1) % n);
        return;
      case 'ArrowUp':
        e.preventDefault();
        if (!open) {
          setOpen(true);
          if (n > 0) setActive(n - 1);
        } else if (n > 0) setActive(current <= 0 ? n - 1 : current - 1);
        return;
      case 'Enter': {
        e.preventDefault();
        const exact = options.find((o) => o.value === text.trim());
        const chosen = (expanded && current >= 0 ? options[current] : undefined) ?? exact;
        if (chosen) take(chosen);
        else if (text.trim() === '') take({ value: '' });
        return;
      }
      case 'Escape':
        if (open) {
          e.preventDefault();
          close();
        }
        return;
      case 'Tab':
        close();
        return;
    }
  };

  const total = search.data?.total;
  const shownOthers = groups.find((g) => g.label === 'Other namespaces')?.options.length ?? 0;
  const status = !open
    ? ''
    : search.isFetching && othersExist
      ? 'Searching namespaces…'
      : options.length === 0
        ? 'No namespace you may see matches'
        : total !== undefined && othersExist && total - ownMatches(caps, needle) > shownOthers
          ? `Showing ${shownOthers} of ${total - ownMatches(caps, needle)} other namespaces: type to narrow`
          : '';
  let index = 0;

  return (
    <div className={`relative min-w-0 ${className}`}>
      <input
        type="text"
        role="combobox"
        aria-label="Namespace"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && current >= 0 ? optionId(current) : undefined}
        autoComplete="off"
        spellCheck={false}
        placeholder="All namespaces"
        value={text}
        onChange={(e) => {
          setDraft(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={(e) => e.target.select()}
        onClick={() => setOpen(true)}
        onKeyDown={keyDown}
        onBlur={close}
        className="w-[7.5rem] min-w-0 rounded-md border border-slate-600 bg-slate-800 py-1 pr-6 pl-2 text-sm text-slate-100 placeholder:text-slate-300 hover:border-slate-500 focus-visible:outline-2 focus-visible:outline-indigo-400 sm:w-48"
      />
      <span
        aria-hidden="true"
        className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2 text-xs text-slate-400"
      >
        ▾
      </span>
      <div
        hidden={!open}
        className="absolute left-0 z-40 mt-1 w-64 max-w-[calc(100vw-1.5rem)] rounded-md border border-slate-200 bg-white text-sm text-slate-900 shadow-lg dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        <ul
          ref={listRef}
          id={listId}
          role="listbox"
          aria-label="Namespaces"
          className="max-h-80 overflow-auto py-1"
        >
          {expanded &&
            groups.map((g) => (
              <li key={g.label} role="presentation">
                <ul role="group" aria-label={g.label}>
                  {g.label !== 'Scope' && (
                    <li
                      role="presentation"
                      className="px-2 pt-2 pb-1 text-xs font-semibold text-slate-500 dark:text-slate-400"
                    >
                      {g.label}
                    </li>
                  )}
                  {g.options.map((o) => {
                    const i = index++;
                    return (
                      // Keys belong to the field (aria-activedescendant), as the WAI-ARIA combobox pattern has it.
                      // eslint-disable-next-line jsx-a11y/click-events-have-key-events
                      <li
                        key={o.value}
                        id={optionId(i)}
                        role="option"
                        aria-selected={i === current}
                        aria-label={optionName(o)}
                        // Keeps focus in the field, so the list does not close before the click lands.
                        onMouseDown={(e) => e.preventDefault()}
                        onClick={() => take(o)}
                        onMouseMove={() => i !== current && setActive(i)}
                        className={`flex cursor-pointer items-baseline justify-between gap-2 px-3 py-1 ${i === current ? 'bg-sky-100 dark:bg-sky-900/50' : ''} ${o.value === (namespace ?? '') ? 'font-semibold' : ''}`}
                      >
                        <span className={o.value ? 'truncate font-mono text-xs' : ''}>
                          {o.value || 'All namespaces'}
                        </span>
                        {o.project && g.label === 'Other namespaces' && (
                          <span className="shrink-0 text-xs text-slate-500 dark:text-slate-400">
                            {o.project}
                          </span>
                        )}
                      </li>
                    );
                  })}
                </ul>
              </li>
            ))}
        </ul>
        {status && (
          <p className="border-t border-slate-200 px-3 py-1.5 text-xs text-slate-600 dark:border-slate-700 dark:text-slate-400">
            {status}
          </p>
        )}
      </div>
      <span className="sr-only" aria-live="polite">
        {open ? status || `${options.length} namespace${options.length === 1 ? '' : 's'}` : ''}
      </span>
    </div>
  );
}

/** How many of the person's own namespaces match (the search counts them in its total too). */
function ownMatches(caps: SessionCluster['capabilities'], needle: string): number {
  return caps.namespaces.filter((n) => n.name.toLowerCase().includes(needle)).length;
}
