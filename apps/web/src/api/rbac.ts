import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod/mini';
import { requestJson, requestVoid } from './http.js';
import { k8sKeys } from './rbacKeys.js';
import {
  RBAC_API_VERSION,
  rbacKinds,
  rbacPath,
  type RbacKind,
  type RbacKindInfo,
} from './rbacKinds.js';
import {
  bindingSchema,
  listSchema,
  roleSchema,
  type BindingObject,
  type RoleObject,
} from './rbacSchemas.js';

export type RbacObjectOf<K extends RbacKind> = K extends 'ClusterRole' | 'Role'
  ? RoleObject
  : BindingObject;

function schemaFor(kind: RbacKindInfo): z.ZodMiniType<RoleObject | BindingObject> {
  return kind.isBinding ? bindingSchema : roleSchema;
}

const PAGE = 500;

/** Lists every object, following `continue` so thousands arrive in bounded pages. */
export async function listAll<K extends RbacKind>(
  cluster: string,
  kind: K,
  namespace: string | undefined,
  signal?: AbortSignal,
): Promise<{ items: RbacObjectOf<K>[]; resourceVersion: string | undefined }> {
  const info = rbacKinds[kind];
  const schema = listSchema(schemaFor(info));
  const items: RbacObjectOf<K>[] = [];
  let token: string | undefined;
  let resourceVersion: string | undefined;
  do {
    const query = new URLSearchParams({ limit: String(PAGE) });
    if (token) query.set('continue', token);
    const page = await requestJson(`${rbacPath(cluster, info, namespace)}?${query}`, schema, {
      signal,
    });
    items.push(...(page.items as RbacObjectOf<K>[]));
    token = page.metadata?.continue || undefined;
    resourceVersion = page.metadata?.resourceVersion;
  } while (token);
  return { items, resourceVersion };
}

export function useRbacList<K extends RbacKind>(
  cluster: string,
  kind: K,
  namespace: string | undefined,
  enabled = true,
) {
  return useQuery({
    queryKey: k8sKeys.list(cluster, rbacKinds[kind].plural, namespace),
    queryFn: ({ signal }) => listAll(cluster, kind, namespace, signal),
    enabled,
  });
}

export function useRbacObject<K extends RbacKind>(
  cluster: string,
  kind: K,
  namespace: string | undefined,
  name: string,
  enabled = true,
) {
  const info = rbacKinds[kind];
  return useQuery({
    enabled,
    queryKey: k8sKeys.detail(cluster, info.plural, namespace, name),
    queryFn: ({ signal }) =>
      requestJson(rbacPath(cluster, info, namespace, name), schemaFor(info), { signal }) as Promise<
        RbacObjectOf<K>
      >,
  });
}

/** Adds apiVersion and kind so the API server accepts the body as is. */
export function withTypeMeta<T extends RoleObject | BindingObject>(kind: RbacKind, obj: T): T {
  return { ...obj, apiVersion: RBAC_API_VERSION, kind };
}

export type RbacWrite =
  | { action: 'create'; kind: RbacKind; object: RoleObject | BindingObject }
  | { action: 'update'; kind: RbacKind; object: RoleObject | BindingObject }
  | {
      action: 'delete';
      kind: RbacKind;
      namespace?: string;
      name: string;
      resourceVersion?: string;
    };

/** One function for every RBAC write: updates carry metadata.resourceVersion, so a stale edit gets 409. */
export async function writeRbac(
  cluster: string,
  write: RbacWrite,
): Promise<RoleObject | BindingObject | null> {
  const info = rbacKinds[write.kind];
  if (write.action === 'delete') {
    const preconditions = write.resourceVersion
      ? { resourceVersion: write.resourceVersion }
      : undefined;
    await requestVoid(rbacPath(cluster, info, write.namespace, write.name), {
      method: 'DELETE',
      body: { apiVersion: 'v1', kind: 'DeleteOptions', preconditions },
    });
    return null;
  }
  const { metadata } = write.object;
  const body = withTypeMeta(write.kind, write.object);
  if (write.action === 'create') {
    return requestJson(rbacPath(cluster, info, metadata.namespace), schemaFor(info), {
      method: 'POST',
      body,
    });
  }
  return requestJson(rbacPath(cluster, info, metadata.namespace, metadata.name), schemaFor(info), {
    method: 'PUT',
    body,
  });
}

export function useRbacWrite(cluster: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (write: RbacWrite) => writeRbac(cluster, write),
    onSuccess: async (_result, write) => {
      await client.invalidateQueries({
        queryKey: k8sKeys.kind(cluster, rbacKinds[write.kind].plural),
      });
      // Own bindings and roles decide what the user may do: refresh capabilities after any RBAC change.
      await client.invalidateQueries({ queryKey: ['session'] });
    },
  });
}
