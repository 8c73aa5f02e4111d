import { ApiError, errorMessage, requestJson } from '../../api/http.js';
import { rbacKinds, rbacPath } from '../../api/rbacKinds.js';
import {
  bindingSchema,
  roleSchema,
  type BindingObject,
  type RoleObject,
} from '../../api/rbacSchemas.js';
import { comparableYaml, type ImportObject } from './importPlan.js';

type Stored = RoleObject | BindingObject;

export type DryRun =
  | {
      ok: true;
      action: 'create' | 'update' | 'unchanged';
      /** The object as read before the dry run; its resourceVersion guards the real write. */
      before: Stored | null;
      /** What the API server says the object would be. */
      after: Stored;
    }
  | { ok: false; error: string };

export type Applied =
  { ok: true; outcome: 'created' | 'updated' | 'unchanged' } | { ok: false; error: string };

function urls(cluster: string, item: ImportObject) {
  const info = rbacKinds[item.kind];
  const { name, namespace } = item.object.metadata;
  return {
    info,
    schema: info.isBinding ? bindingSchema : roleSchema,
    collection: rbacPath(cluster, info, namespace),
    object: rbacPath(cluster, info, namespace, name),
  };
}

async function readCurrent(cluster: string, item: ImportObject): Promise<Stored | null> {
  const u = urls(cluster, item);
  try {
    return await requestJson<Stored>(u.object, u.schema);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

function write(
  cluster: string,
  item: ImportObject,
  before: Stored | null,
  dryRun: boolean,
): Promise<Stored> {
  const u = urls(cluster, item);
  const q = dryRun ? '?dryRun=All' : '';
  if (!before)
    return requestJson<Stored>(`${u.collection}${q}`, u.schema, {
      method: 'POST',
      body: item.object,
    });
  // A replace of what was read: a change made by someone else since then is a 409, not overwritten.
  const body = {
    ...item.object,
    metadata: { ...item.object.metadata, resourceVersion: before.metadata.resourceVersion },
  };
  return requestJson<Stored>(`${u.object}${q}`, u.schema, { method: 'PUT', body });
}

/** Asks the API server, as the signed-in user and with `dryRun=All`, what importing one object would do. */
export async function dryRunImport(cluster: string, item: ImportObject): Promise<DryRun> {
  try {
    const before = await readCurrent(cluster, item);
    const after = await write(cluster, item, before, true);
    const action = !before
      ? 'create'
      : comparableYaml(before) === comparableYaml(after)
        ? 'unchanged'
        : 'update';
    return { ok: true, action, before, after };
  } catch (err) {
    return { ok: false, error: errorMessage(err) };
  }
}

/** Writes one object for real, against the version the dry run read. */
export async function applyImport(
  cluster: string,
  item: ImportObject,
  dry: DryRun,
): Promise<Applied> {
  if (!dry.ok) return { ok: false, error: dry.error };
  if (dry.action === 'unchanged') return { ok: true, outcome: 'unchanged' };
  try {
    await write(cluster, item, dry.before, false);
    return { ok: true, outcome: dry.action === 'create' ? 'created' : 'updated' };
  } catch (err) {
    return { ok: false, error: errorMessage(err) };
  }
}
