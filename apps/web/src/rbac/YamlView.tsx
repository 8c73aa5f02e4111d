import { useCallback, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import CodeMirror, { EditorView } from '@uiw/react-codemirror';
import { yaml } from '@codemirror/lang-yaml';
import { useTheme } from '../app/theme.js';

/**
 * YAML with highlighting; read-only unless onChange is given. The editor lives in a shadow root:
 * there CodeMirror styles itself with constructed style sheets instead of <style> tags, which the
 * console's Content-Security-Policy (style-src 'self') would block.
 */
export function YamlView({
  value,
  onChange,
  label,
  height = '60vh',
}: {
  value: string;
  onChange?: (v: string) => void;
  label: string;
  height?: string;
}) {
  const { resolved } = useTheme();
  const [root, setRoot] = useState<ShadowRoot | null>(null);
  const host = useCallback((el: HTMLDivElement | null) => {
    if (el) setRoot(el.shadowRoot ?? el.attachShadow({ mode: 'open' }));
  }, []);
  // The editable surface itself carries the accessible name, so screen readers announce it.
  const extensions = useMemo(
    () => [
      yaml(),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': label }),
    ],
    [label],
  );
  return (
    <div
      ref={host}
      className="overflow-hidden rounded-md border border-slate-200 text-[13px] dark:border-slate-700"
    >
      {root &&
        createPortal(
          <CodeMirror
            root={root}
            value={value}
            onChange={onChange}
            readOnly={!onChange}
            editable={Boolean(onChange)}
            extensions={extensions}
            theme={resolved}
            height={height}
            basicSetup={{ foldGutter: true, highlightActiveLine: Boolean(onChange) }}
          />,
          root,
        )}
    </div>
  );
}
