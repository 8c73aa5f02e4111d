import { useId, useState, type KeyboardEvent } from 'react';

/** A list of strings edited as chips: type and press Enter or comma; suggestions come from a datalist. */
export function TokenInput({
  label,
  srPrefix = '',
  values,
  onChange,
  suggestions = [],
  placeholder,
  mono = true,
  format = (v) => v,
  groups = true,
}: {
  label: string;
  srPrefix?: string;
  values: readonly string[];
  onChange: (v: string[]) => void;
  suggestions?: string[];
  placeholder?: string;
  mono?: boolean;
  format?: (v: string) => string;
  /** Values are API groups: "core" and `""` stand for the core group, "". */
  groups?: boolean;
}) {
  const [text, setText] = useState('');
  const listId = useId();
  const add = (raw: string) => {
    const parts = raw.split(',').map((p) => p.trim());
    const next = [...values];
    // The core API group is the empty string; people type it as "core" or "".
    for (const p of parts) {
      const value = groups && (p === 'core' || p === '""') ? '' : p;
      if ((value !== '' || p !== '') && !next.includes(value)) next.push(value);
    }
    onChange(next);
    setText('');
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if ((e.key === 'Enter' || e.key === ',') && text.trim()) {
      e.preventDefault();
      add(text);
    } else if (e.key === 'Backspace' && !text && values.length) {
      onChange(values.slice(0, -1));
    }
  };
  return (
    <div className="text-xs font-medium">
      <label htmlFor={`${listId}-input`}>
        {srPrefix && <span className="sr-only">{srPrefix} </span>}
        {label}
      </label>
      <div className="mt-1 flex min-h-9 flex-wrap items-center gap-1 rounded-md border border-slate-300 bg-white px-1.5 py-1 focus-within:outline-2 focus-within:outline-brand-500 dark:border-slate-600 dark:bg-slate-900">
        {values.map((v, i) => (
          <span
            key={`${v}-${i}`}
            className={`inline-flex items-center gap-0.5 rounded bg-slate-100 py-0.5 pr-0.5 pl-1.5 text-xs font-normal dark:bg-slate-800 ${mono ? 'font-mono' : ''}`}
          >
            {format(v)}
            <button
              type="button"
              className="rounded px-1 text-slate-500 hover:text-red-600"
              aria-label={`Remove ${srPrefix ? `${srPrefix} ` : ''}${label} ${format(v)}`}
              onClick={() => onChange(values.filter((_, j) => j !== i))}
            >
              ×
            </button>
          </span>
        ))}
        <input
          id={`${listId}-input`}
          list={listId}
          value={text}
          onChange={(e) => {
            const value = e.target.value;
            const typed =
              e.nativeEvent instanceof InputEvent &&
              e.nativeEvent.inputType !== 'insertReplacementText';
            // Picking a datalist suggestion (not typing) fills the whole value at once: take it as a token.
            if (!typed && suggestions.includes(value)) add(value);
            else setText(value);
          }}
          onKeyDown={onKey}
          onBlur={() => text.trim() && add(text)}
          placeholder={values.length ? '' : placeholder}
          className="min-w-24 flex-1 border-0 bg-transparent px-1 py-0.5 text-sm font-normal outline-none"
        />
        <datalist id={listId}>
          {suggestions
            .filter((s) => !values.includes(s))
            .map((s) => (
              <option key={s} value={s} />
            ))}
        </datalist>
      </div>
    </div>
  );
}
