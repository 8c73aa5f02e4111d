// Route families load on demand: each family's pages sit behind one dynamic import (one chunk), so
// the first load carries only the shell, sign-in and the overview. build/bundle-budget.ts keeps it so.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/** Any component, whatever its props: React's own bound for lazy() (`ComponentType<any>`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the props are the module's, kept by M[K]
type AnyComponent = ComponentType<any>;

/** A named export of a lazily imported module, as a component (React.lazy wants a default export). */
export function lazyNamed<M extends { [k in K]: AnyComponent }, K extends keyof M & string>(
  load: () => Promise<M>,
  name: K,
): LazyExoticComponent<M[K]> {
  return lazy(async () => ({ default: (await load())[name] }));
}
