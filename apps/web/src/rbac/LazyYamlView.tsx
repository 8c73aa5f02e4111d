import { lazy, Suspense, type ComponentProps } from 'react';
import { Spinner } from '../ui/Spinner.js';

// CodeMirror is most of the bundle's weight; load it only when a YAML view opens.
const YamlView = lazy(() => import('./YamlView.js').then((m) => ({ default: m.YamlView })));

export function LazyYamlView(props: ComponentProps<typeof YamlView>) {
  return (
    <Suspense fallback={<Spinner label="Loading the YAML editor" />}>
      <YamlView {...props} />
    </Suspense>
  );
}
