import { useState } from 'react';
import { Button } from '../../ui/Button.js';

/** Copies text to the clipboard and says so; falls back to selecting a field when the clipboard is closed to us. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = () => {
    navigator.clipboard.writeText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };
  return (
    <span className="inline-flex items-center gap-2">
      <Button onClick={copy} aria-label={label}>
        {state === 'copied' ? 'Copied' : label}
      </Button>
      {state === 'failed' && (
        <input
          readOnly
          aria-label={`${label} (select and copy)`}
          value={text}
          onFocus={(e) => e.currentTarget.select()}
          className="w-72 rounded border border-slate-300 px-2 py-1 font-mono text-xs dark:border-slate-600 dark:bg-slate-800"
        />
      )}
    </span>
  );
}
