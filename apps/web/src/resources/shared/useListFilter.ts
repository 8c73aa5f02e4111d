import { useDeferredValue, useMemo, useState } from 'react';
import type { ObjectMeta } from '../../api/rbacSchemas.js';
import { matchesLabels, parseLabelFilter } from './labelFilter.js';

/** Name search and label filter; typing stays responsive because filtering uses the deferred value. */
const everything = (): boolean => true;

export function useListFilter<T extends { metadata: ObjectMeta }>(
  items: T[],
  extra: (item: T) => boolean = everything,
) {
  const [search, setSearch] = useState('');
  const [labels, setLabels] = useState('');
  const deferredSearch = useDeferredValue(search);
  const deferredLabels = useDeferredValue(labels);
  const rows = useMemo(() => {
    const needle = deferredSearch.trim().toLowerCase();
    const terms = parseLabelFilter(deferredLabels);
    return items.filter(
      (item) =>
        (!needle ||
          item.metadata.name.toLowerCase().includes(needle) ||
          (item.metadata.namespace ?? '').toLowerCase().includes(needle)) &&
        matchesLabels(item.metadata.labels, terms) &&
        extra(item),
    );
  }, [items, deferredSearch, deferredLabels, extra]);
  return { search, setSearch, labels, setLabels, rows };
}
