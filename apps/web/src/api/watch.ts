import { useEffect } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { k8sKeys } from './rbacKeys.js';
import { rbacKinds, rbacPath, type RbacKind } from './rbacKinds.js';
import { bindingSchema, roleSchema, type BindingObject, type RoleObject } from './rbacSchemas.js';

type Item = RoleObject | BindingObject;
export interface ListData {
  items: Item[];
  resourceVersion: string | undefined;
}

const eventSchema = z.object({
  type: z.enum(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']),
  object: z.looseObject({}),
});
export type WatchEvent =
  { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: Item } | { type: 'BOOKMARK' | 'ERROR' };

export function parseWatchLine(line: string, binding: boolean): WatchEvent | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  const event = eventSchema.safeParse(raw);
  if (!event.success) return null;
  const { type, object } = event.data;
  if (type === 'ERROR' || type === 'BOOKMARK') return { type };
  const parsed = (binding ? bindingSchema : roleSchema).safeParse(object);
  return parsed.success ? { type, object: parsed.data } : null;
}

const keyOf = (o: Item) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/**
 * Applies one watch event to a cached list, as a fresh list would show it. The list keeps the
 * resourceVersion it was listed at: that is where its watch started, and changing it would restart the watch.
 */
export function applyWatchEvent(list: ListData, event: WatchEvent): ListData {
  if (!('object' in event)) return list;
  const key = keyOf(event.object);
  const rest = list.items.filter((i) => keyOf(i) !== key);
  return { ...list, items: event.type === 'DELETED' ? rest : [...rest, event.object] };
}

async function runWatch(
  client: QueryClient,
  cluster: string,
  kind: RbacKind,
  namespace: string | undefined,
  from: string,
  signal: AbortSignal,
): Promise<void> {
  const info = rbacKinds[kind];
  const listKey = k8sKeys.list(cluster, info.plural, namespace);
  const query = new URLSearchParams({
    watch: '1',
    resourceVersion: from,
    allowWatchBookmarks: 'true',
  });
  const res = await fetch(`${rbacPath(cluster, info, namespace)}?${query}`, {
    credentials: 'same-origin',
    signal,
  });
  if (!res.ok || !res.body) throw new Error(`watch failed with HTTP ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      const event = line.trim() ? parseWatchLine(line, info.isBinding) : null;
      if (!event) continue;
      // An ERROR is usually 410 Gone: the list is too old to resume, so list again.
      if (event.type === 'ERROR') return;
      client.setQueryData<ListData>(listKey, (old) => (old ? applyWatchEvent(old, event) : old));
      if ('object' in event)
        await client.invalidateQueries({
          queryKey: k8sKeys.detail(
            cluster,
            info.plural,
            event.object.metadata.namespace,
            event.object.metadata.name,
          ),
        });
    }
  }
}

/**
 * Keeps a cached list current while it is on screen. When the stream ends or expires it re-lists,
 * which restarts the watch; a refused watch (say, no `watch` permission) just stops, no retry loop.
 */
export function useRbacWatch(
  cluster: string,
  kind: RbacKind,
  namespace: string | undefined,
  resourceVersion: string | undefined,
  enabled = true,
): void {
  const client = useQueryClient();
  useEffect(() => {
    if (!resourceVersion || !enabled) return;
    const abort = new AbortController();
    const restart = () => {
      if (abort.signal.aborted) return;
      setTimeout(() => {
        if (!abort.signal.aborted)
          void client.invalidateQueries({
            queryKey: k8sKeys.list(cluster, rbacKinds[kind].plural, namespace),
          });
      }, 2000);
    };
    runWatch(client, cluster, kind, namespace, resourceVersion, abort.signal).then(
      restart,
      () => undefined,
    );
    return () => abort.abort();
  }, [client, cluster, kind, namespace, resourceVersion, enabled]);
}
