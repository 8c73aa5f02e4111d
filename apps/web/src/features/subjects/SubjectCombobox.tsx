import {
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type InputHTMLAttributes,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { SubjectChip } from '../../rbac/SubjectChip.js';
import { entryLabel, useSubjectDirectory, type DirectoryEntry, type DirectoryKind } from './api.js';

/** A suggestion: a directory entry, or one the field adds itself (a ServiceAccount that exists). */
export interface Suggestion {
  kind: DirectoryKind;
  name: string;
  namespace?: string;
  entry?: DirectoryEntry;
}

const maxShown = 20;
const debounceMs = 150;

function detail(s: Suggestion): string {
  const e = s.entry;
  if (!e) return 'exists, bound nowhere you can see';
  const parts: string[] = [];
  if (e.bindingCount > 0) parts.push(`${e.bindingCount} binding${e.bindingCount === 1 ? '' : 's'}`);
  if (e.lastSignIn) parts.push(`signed in ${new Date(e.lastSignIn.at).toLocaleDateString()}`);
  if (e.members) parts.push(`${e.members.total} seen at sign-in`);
  if (parts.length === 0) parts.push('seen in a sign-in’s groups');
  return parts.join(' · ');
}

function useDebounced<T>(value: T): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), debounceMs);
    return () => clearTimeout(t);
  }, [value]);
  return v;
}

type InputProps = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onChange' | 'onSelect' | 'role' | 'list' | 'type'
>;

/**
 * A text field that suggests subjects from the directory: the WAI-ARIA combobox pattern (list
 * autocomplete, no automatic selection). Down/Up open the list and move through it, Enter takes the
 * highlighted suggestion, Escape closes the list; anything typed stays valid, so a subject never
 * seen anywhere can still be entered.
 */
export function SubjectCombobox({
  cluster,
  value,
  onChange,
  onSelect,
  kind,
  kinds,
  extra = [],
  label,
  labelClassName = '',
  wrapperClassName = '',
  listLabel = 'Known subjects',
  onKeyDown,
  onBlur,
  ...input
}: InputProps & {
  cluster: string;
  value: string;
  onChange: (text: string) => void;
  /** A suggestion was taken; without it the field takes the suggestion's name. */
  onSelect?: (s: Suggestion) => void;
  /** Asked of the directory: only this kind. */
  kind?: DirectoryKind;
  /** Shown: only these kinds (when the directory is asked for every kind). */
  kinds?: readonly DirectoryKind[];
  /** Suggestions the field knows itself, matched against the text here. */
  extra?: readonly Suggestion[];
  /** The field's label: its own element, so the list and its status never become part of the name. */
  label: ReactNode;
  labelClassName?: string;
  wrapperClassName?: string;
  listLabel?: string;
}) {
  const listId = useId();
  const inputId = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const text = useDebounced(value.trim());
  const query = useSubjectDirectory(cluster, { query: text, kind, limit: maxShown }, open);

  const options = useMemo(() => {
    const out: Suggestion[] = [];
    const seen = new Set<string>();
    const push = (s: Suggestion) => {
      const key = `${s.kind}\u0000${s.namespace ?? ''}\u0000${s.name}`;
      if (seen.has(key) || (kinds && !kinds.includes(s.kind)) || (kind && s.kind !== kind)) return;
      seen.add(key);
      out.push(s);
    };
    for (const e of query.data?.entries ?? [])
      push({
        kind: e.kind,
        name: e.name,
        ...(e.namespace ? { namespace: e.namespace } : {}),
        entry: e,
      });
    const needle = value.trim().toLowerCase();
    for (const s of extra) if (entryLabel(s).toLowerCase().includes(needle)) push(s);
    return out.slice(0, maxShown);
  }, [query.data, extra, kinds, kind, value]);

  const expanded = open && options.length > 0;
  // The list may shrink under the highlight as results arrive: then nothing is highlighted.
  const current = active < options.length ? active : -1;
  const optionId = (i: number) => `${listId}-option-${i}`;
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (current < 0) return;
    listRef.current
      ?.querySelector('[aria-selected="true"]')
      ?.scrollIntoView?.({ block: 'nearest' });
  }, [current]);

  const take = (s: Suggestion) => {
    if (onSelect) onSelect(s);
    else onChange(s.name);
    setOpen(false);
    setActive(-1);
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
      case 'Enter':
        if (expanded && current >= 0 && options[current]) {
          e.preventDefault();
          take(options[current]);
          return;
        }
        break;
      case 'Escape':
        if (expanded) {
          // Closes the list, not the dialog the field may sit in.
          e.preventDefault();
          e.stopPropagation();
          setOpen(false);
          setActive(-1);
          return;
        }
        break;
      case 'Tab':
        setOpen(false);
        setActive(-1);
        break;
    }
    onKeyDown?.(e);
  };

  return (
    <div className={wrapperClassName}>
      <label htmlFor={input.id ?? inputId} className={labelClassName}>
        {label}
      </label>
      <div className="relative">
        <input
          id={inputId}
          {...input}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && current >= 0 ? optionId(current) : undefined}
          value={value}
          onChange={(e) => {
            onChange(e.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onKeyDown={keyDown}
          onBlur={(e) => {
            setOpen(false);
            setActive(-1);
            onBlur?.(e);
          }}
        />
        <ul
          ref={listRef}
          id={listId}
          role="listbox"
          aria-label={listLabel}
          hidden={!expanded}
          className="absolute right-0 left-0 z-30 mt-1 max-h-64 overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm font-normal shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          {expanded &&
            options.map((s, i) => (
              // Keys belong to the field (aria-activedescendant), as the WAI-ARIA combobox pattern has it.
              // eslint-disable-next-line jsx-a11y/click-events-have-key-events
              <li
                key={`${s.kind}:${s.namespace ?? ''}:${s.name}`}
                id={optionId(i)}
                role="option"
                aria-selected={i === current}
                aria-label={`${s.kind} ${entryLabel(s)}, ${detail(s)}`}
                // Keeps focus in the field, so the list does not close before the click lands.
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => take(s)}
                onMouseMove={() => i !== current && setActive(i)}
                className={`flex cursor-pointer flex-col gap-0.5 px-2 py-1.5 ${i === current ? 'bg-sky-100 dark:bg-sky-900/50' : ''}`}
              >
                <SubjectChip
                  subject={{
                    kind: s.kind,
                    name: s.name,
                    ...(s.namespace ? { namespace: s.namespace } : {}),
                  }}
                />
                <span className="text-xs text-slate-600 dark:text-slate-400">{detail(s)}</span>
              </li>
            ))}
        </ul>
      </div>
      <span className="sr-only" aria-live="polite">
        {expanded ? `${options.length} suggestion${options.length === 1 ? '' : 's'}` : ''}
      </span>
    </div>
  );
}
