// list (selectors, limit/continue, Table) and watch (resume by resourceVersion, 410 Expired, Table events).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { wantsAs, sendJson } from '../http.js';
import { apiVersionOf, storeKey, type ResourceType } from '../resources.js';
import {
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from '../selectors.js';
import type { KObject } from '../object.js';
import type { Store, StoreEvent } from '../store.js';
import { ApiError, badRequest, expired } from '../status.js';
import { toTable, type TableOptions } from '../table.js';
import { present } from './objects.js';

export interface ListScope {
  t: ResourceType;
  /** Undefined lists every namespace. */
  namespace: string | undefined;
  query: URLSearchParams;
}

function filterFor(scope: ListScope): (o: KObject) => boolean {
  const labels = parseLabelSelector(scope.query.get('labelSelector'));
  const fields = parseFieldSelector(
    scope.query.get('fieldSelector'),
    storeKey(scope.t),
    scope.t.crd?.selectableFields,
  );
  return (o) =>
    (scope.namespace === undefined || o.metadata.namespace === scope.namespace) &&
    matchesLabels(labels, o.metadata.labels) &&
    matchesFields(fields, o);
}

function tableOptions(req: IncomingMessage, query: URLSearchParams): TableOptions | undefined {
  if (!wantsAs(req.headers.accept, 'Table', 'meta.k8s.io', ['v1', 'v1beta1'])) return undefined;
  const inc = query.get('includeObject');
  return {
    includeObject: inc === 'None' || inc === 'Object' ? inc : 'Metadata',
    withColumns: true,
  };
}

interface ContinueToken {
  rv: number;
  start: string;
}

function encodeContinue(c: ContinueToken): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeContinue(s: string): ContinueToken {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as ContinueToken;
    if (typeof c.rv === 'number' && typeof c.start === 'string') return c;
  } catch {
    // fall through to the API server's answer for a malformed token
  }
  throw badRequest(
    'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
  );
}

function keyOf(o: KObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

export function handleList(
  store: Store,
  scope: ListScope,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const match = filterFor(scope);
  const all = store.list(storeKey(scope.t), scope.namespace);
  const limit = Number(scope.query.get('limit') ?? '0');
  const cont = scope.query.get('continue');
  let start = '';
  let listRv = store.currentRv();
  if (cont) {
    const c = decodeContinue(cont);
    if (c.rv < store.oldestResumableRv()) {
      throw expired(
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
      );
    }
    start = c.start;
    listRv = c.rv;
  }
  const items: KObject[] = [];
  let next: string | undefined;
  let remaining = 0;
  for (const o of all) {
    if (start && keyOf(o) <= start) continue;
    if (!match(o)) continue;
    if (limit > 0 && items.length >= limit) {
      remaining++;
      continue;
    }
    items.push(o);
  }
  const meta: Record<string, unknown> = { resourceVersion: String(listRv) };
  if (remaining > 0) {
    const last = items[items.length - 1];
    next = last ? encodeContinue({ rv: listRv, start: keyOf(last) }) : undefined;
    if (next) meta.continue = next;
    if (!scope.query.get('labelSelector') && !scope.query.get('fieldSelector'))
      meta.remainingItemCount = remaining;
  }
  const table = tableOptions(req, scope.query);
  if (table) {
    sendJson(res, 200, toTable(scope.t, items, meta, table));
    return;
  }
  const head = JSON.stringify({
    kind: `${scope.t.kind}List`,
    apiVersion: apiVersionOf(scope.t),
    metadata: meta,
  });
  // Custom objects are listed as unstructured items, each with its apiVersion and kind.
  const itemJson = scope.t.crd ? (o: KObject) => JSON.stringify(present(scope.t, o)) : listItemJson;
  const body = `${head.slice(0, -1)},"items":[${items.map(itemJson).join(',')}]}`;
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-cache, private',
  });
  res.end(body);
}

/** Stored objects are never mutated (every write stores a new one), so each is encoded once. */
const encoded = new WeakMap<KObject, string>();

/** As kube-apiserver encodes typed lists: the items carry no apiVersion/kind of their own. */
function listItemJson(o: KObject): string {
  let json = encoded.get(o);
  if (json === undefined) {
    const { apiVersion: _a, kind: _k, ...rest } = o;
    json = JSON.stringify(rest);
    encoded.set(o, json);
  }
  return json;
}

export interface WatchOptions {
  /** Close the stream after this many ms (fault injection), in addition to timeoutSeconds. */
  dropAfterMs?: number;
  /** Registers a way to end the stream now; returns how to forget it once the stream closed. */
  track?: (end: () => void) => () => void;
}

export function handleWatch(
  store: Store,
  scope: ListScope,
  req: IncomingMessage,
  res: ServerResponse,
  opts: WatchOptions,
): void {
  const match = filterFor(scope);
  const key = storeKey(scope.t);
  const table = tableOptions(req, scope.query);
  const rvParam = scope.query.get('resourceVersion') ?? '';
  const sendInitial = scope.query.get('sendInitialEvents') === 'true';
  if (rvParam !== '' && !/^\d+$/.test(rvParam))
    throw new ApiError(400, 'BadRequest', `invalid resource version: ${rvParam}`);

  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();
  let first = true;
  const write = (type: string, raw: KObject | Record<string, unknown>): void => {
    if (res.writableEnded) return;
    const object = type === 'ERROR' ? raw : present(scope.t, raw as KObject);
    let payload: unknown = object;
    if (table && type !== 'ERROR' && type !== 'BOOKMARK') {
      payload = toTable(
        scope.t,
        [object as KObject],
        { resourceVersion: String((object as KObject).metadata.resourceVersion) },
        { ...table, withColumns: first },
      );
      first = false;
    }
    res.write(`${JSON.stringify({ type, object: payload })}\n`);
  };
  const bookmark = (rv: number, initialEnd: boolean): void => {
    const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
    if (initialEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
    // A bookmark timer can fire in the same tick the stream was ended, before 'close' clears it.
    if (res.writableEnded) return;
    res.write(
      `${JSON.stringify({ type: 'BOOKMARK', object: { kind: scope.t.kind, apiVersion: apiVersionOf(scope.t), metadata } })}\n`,
    );
  };

  // As the watch cache does: an object modified into the selection is ADDED, out of it DELETED.
  const deliver = (ev: StoreEvent): void => {
    if (ev.key !== key) return;
    const now = match(ev.object);
    if (ev.type !== 'MODIFIED' || !ev.old) {
      if (now) write(ev.type, ev.object);
      return;
    }
    const before = match(ev.old);
    if (now) write(before ? 'MODIFIED' : 'ADDED', ev.object);
    else if (before) write('DELETED', ev.object);
  };

  const rv = Number(rvParam || '0');
  if (rvParam === '' || rvParam === '0' || sendInitial) {
    for (const o of store.list(key, scope.namespace)) if (match(o)) write('ADDED', o);
    if (sendInitial) bookmark(store.currentRv(), true);
  } else {
    const events = store.watchEventsSince(key, rv);
    if (!Array.isArray(events)) {
      // As the watch cache answers (errors.NewResourceExpired): one ERROR event on the 200 stream.
      write(
        'ERROR',
        expired(
          `too old resource version: ${rv} (${events.tooOld})`,
        ).toStatus() as unknown as Record<string, unknown>,
      );
      res.end();
      return;
    }
    for (const ev of events) deliver(ev);
  }
  // Node runs this synchronously, so no event can slip between the replay above and the subscription.
  const unsubscribe = store.subscribe(deliver);

  const timeoutSeconds = Number(scope.query.get('timeoutSeconds') ?? '1800');
  const limits = [timeoutSeconds * 1000, opts.dropAfterMs ?? Infinity].filter(
    (n) => Number.isFinite(n) && n > 0,
  );
  const timer = setTimeout(() => res.end(), Math.min(...limits));
  const bookmarks =
    scope.query.get('allowWatchBookmarks') === 'true'
      ? setInterval(() => bookmark(store.currentRv(), false), 60_000)
      : undefined;
  const untrack = opts.track?.(() => res.end());
  const close = (): void => {
    clearTimeout(timer);
    if (bookmarks) clearInterval(bookmarks);
    unsubscribe();
    untrack?.();
  };
  res.on('close', close);
  req.on('close', close);
}
