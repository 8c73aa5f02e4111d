// PATCH bodies: JSON patch (RFC 6902), JSON merge patch (RFC 7386) and a strategic merge patch that
// honours the patch merge keys of the built-in types served here.
import fjp from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { ApiError, badRequest, unsupportedMediaType } from './status.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k] ?? null, v);
  }
  return out;
}

/** patchMergeKey of list fields in the built-in types (by field name; `ports` depends on its items). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  conditions: 'type',
  ownerReferences: 'uid',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  secrets: 'name',
  resourceClaims: 'name',
};

/** Primitive lists whose patch strategy is merge (set union). */
const MERGED_PRIMITIVE_LISTS = new Set(['finalizers']);

function mergeKeyFor(field: string, items: Json[]): string | undefined {
  if (field === 'ports') {
    const first = items.find(isObject);
    if (first && 'containerPort' in first) return 'containerPort';
    return 'port';
  }
  return MERGE_KEYS[field];
}

function strategicList(field: string, target: Json[], patch: Json[]): Json[] {
  if (MERGED_PRIMITIVE_LISTS.has(field)) {
    const out = [...target];
    for (const v of patch) if (!out.includes(v)) out.push(v);
    return out;
  }
  const key = mergeKeyFor(field, [...patch, ...target]);
  if (!key || !patch.every(isObject)) return patch;
  if (patch.some((p) => isObject(p) && p.$patch === 'replace')) {
    return patch.filter((p) => !(isObject(p) && p.$patch === 'replace'));
  }
  const out: Json[] = [...target];
  for (const p of patch as JsonObject[]) {
    const idx = out.findIndex((t) => isObject(t) && t[key] === p[key]);
    if (p.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) out[idx] = strategicMerge(out[idx] ?? null, p);
    else out.push(strategicMerge(null, p));
  }
  return out;
}

export function strategicMerge(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return rest;
  }
  if (patch.$patch === 'delete') return null;
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/')) continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      const cur = out[field];
      if (Array.isArray(cur) && Array.isArray(v)) out[field] = cur.filter((x) => !v.includes(x));
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    const cur = out[k];
    if (Array.isArray(v)) out[k] = strategicList(k, Array.isArray(cur) ? cur : [], v);
    else if (isObject(v)) out[k] = strategicMerge(cur ?? null, v);
    else out[k] = v;
  }
  return out;
}

/** Applies a PATCH body of the given content type to the current object. */
export function applyPatch(
  contentType: string,
  current: object,
  body: unknown,
): Record<string, unknown> {
  const type = contentType.split(';')[0]?.trim() ?? '';
  let result: Json;
  if (type === 'application/json-patch+json') {
    if (!Array.isArray(body))
      throw badRequest(
        'json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp',
      );
    try {
      result = fjp.applyPatch(structuredClone(current), body as Operation[], true, false)
        .newDocument as Json;
    } catch (e) {
      const msg = e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e);
      throw new ApiError(
        422,
        'Invalid',
        `the server rejected our request due to an error in our request: ${msg}`,
      );
    }
  } else if (type === 'application/merge-patch+json') {
    result = mergePatch(current as Json, body as Json);
  } else if (type === 'application/strategic-merge-patch+json') {
    result = strategicMerge(current as Json, body as Json);
  } else {
    throw unsupportedMediaType(contentType);
  }
  if (!isObject(result)) throw badRequest('the patch did not produce an object');
  return result;
}
