import { useMemo } from 'react';
import CodeMirror, { EditorView } from '@uiw/react-codemirror';
import { yaml } from '@codemirror/lang-yaml';
import { useTheme } from '../../app/theme.js';

/** YAML with highlighting; read-only unless onChange is given. */
export function YamlView({ value, onChange, label, height = '60vh' }: { value: string; onChange?: (v: string) => void; label: string; height?: string }) {
  const { resolved } = useTheme();
  // The editable surface itself carries the accessible name, so screen readers announce it.
  const extensions = useMemo(() => [yaml(), EditorView.lineWrapping, EditorView.contentAttributes.of({ 'aria-label': label })], [label]);
  return (
    <div className="overflow-hidden rounded-md border border-slate-200 text-[13px] dark:border-slate-700">
      <CodeMirror
        value={value}
        onChange={onChange}
        readOnly={!onChange}
        editable={Boolean(onChange)}
        extensions={extensions}
        theme={resolved}
        height={height}
        basicSetup={{ foldGutter: true, highlightActiveLine: Boolean(onChange) }}
      />
    </div>
  );
}
