// The one virtualizer of the web app: @tanstack/react-virtual (ResourceTable's rows, the access
// matrix's rows and columns). This is what both share on top of it.
import {
  observeElementRect,
  type Virtualizer,
  type VirtualizerOptions,
} from '@tanstack/react-virtual';

/**
 * The scroller's size, or `fallback` while it reports none (not laid out yet; jsdom never lays
 * out). The virtualizer draws nothing for a zero-size scroller; with this it draws a first window.
 */
export function rectOrFallback(fallback: {
  width: number;
  height: number;
}): VirtualizerOptions<HTMLDivElement, Element>['observeElementRect'] {
  return (instance: Virtualizer<HTMLDivElement, Element>, cb) =>
    observeElementRect(instance, (rect) =>
      cb({ width: rect.width || fallback.width, height: rect.height || fallback.height }),
    );
}
