// The token controller of Kubernetes before 1.24 (pkg/controller/serviceaccount/tokens_controller.go,
// with auto-generation on): every ServiceAccount gets a `kubernetes.io/service-account-token`
// Secret holding a non-expiring token, referenced from ServiceAccount.secrets. Deleting the Secret
// gets the ServiceAccount a new one (ensureReferencedToken); deleting the ServiceAccount deletes its
// token Secrets.
import type { ServiceAccountTokens } from './auth/serviceaccount-tokens.js';
import type { KObject } from './object.js';
import type { Registry } from './registry.js';
import { findResource, type ResourceType } from './resources.js';

export const SA_TOKEN_TYPE = 'kubernetes.io/service-account-token';
const SA_NAME = 'kubernetes.io/service-account.name';
const SA_UID = 'kubernetes.io/service-account.uid';
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function mustFind(plural: string): ResourceType {
  const t = findResource('', 'v1', plural);
  if (!t) throw new Error(`resource ${plural} missing from the catalogue`);
  return t;
}

/** names.SimpleNameGenerator: the base cut to 58 characters, then 5 random ones. */
function generateName(base: string): string {
  let s = base.slice(0, 58);
  for (let i = 0; i < 5; i++) s += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];
  return s;
}

function tokenSecretsOf(registry: Registry, sa: KObject): KObject[] {
  return registry.store
    .list('/secrets', sa.metadata.namespace)
    .filter(
      (s) =>
        s.type === SA_TOKEN_TYPE &&
        s.metadata.annotations?.[SA_NAME] === sa.metadata.name &&
        s.metadata.annotations?.[SA_UID] === sa.metadata.uid,
    );
}

export function installLegacyTokenController(
  registry: Registry,
  tokens: ServiceAccountTokens,
  caPem: string,
): void {
  const secrets = mustFind('secrets');
  const serviceAccounts = mustFind('serviceaccounts');

  const ensureToken = (sa: KObject): void => {
    const ns = sa.metadata.namespace ?? '';
    const refs = (sa.secrets as { name?: string }[] | undefined) ?? [];
    const referenced = tokenSecretsOf(registry, sa).some((s) =>
      refs.some((r) => r.name === s.metadata.name),
    );
    if (referenced) return;
    let name = generateName(`${sa.metadata.name}-token-`);
    while (registry.store.get('/secrets', ns, name))
      name = generateName(`${sa.metadata.name}-token-`);
    const b64 = (v: string) => Buffer.from(v).toString('base64');
    registry.create(secrets, ns, {
      metadata: {
        name,
        namespace: ns,
        annotations: { [SA_NAME]: sa.metadata.name, [SA_UID]: sa.metadata.uid ?? '' },
      },
      type: SA_TOKEN_TYPE,
      data: { 'ca.crt': b64(caPem), namespace: b64(ns), token: b64(tokens.legacyToken(sa, name)) },
    });
    const current = registry.store.get('/serviceaccounts', ns, sa.metadata.name);
    if (!current) return;
    const kept = ((current.secrets as { name?: string }[] | undefined) ?? []).filter((r) =>
      registry.store.get('/secrets', ns, r.name ?? ''),
    );
    registry.update(serviceAccounts, ns, current.metadata.name, {
      ...current,
      secrets: [...kept, { name }],
    });
  };

  // At start the controller syncs every ServiceAccount there is.
  for (const sa of [...registry.store.list('/serviceaccounts')]) ensureToken(sa);
  registry.afterWrites.push((op, t, obj) => {
    if (t.group !== '') return;
    if (t.plural === 'serviceaccounts') {
      if (op === 'create') ensureToken(obj);
      if (op === 'delete')
        for (const s of tokenSecretsOf(registry, obj))
          registry.delete(secrets, s.metadata.namespace, s.metadata.name);
      return;
    }
    if (t.plural === 'secrets' && op === 'delete' && obj.type === SA_TOKEN_TYPE) {
      const ns = obj.metadata.namespace;
      const sa = registry.store.get(
        '/serviceaccounts',
        ns,
        obj.metadata.annotations?.[SA_NAME] ?? '',
      );
      if (!sa || sa.metadata.uid !== obj.metadata.annotations?.[SA_UID]) return;
      // removeSecretReference, then the ServiceAccount's sync creates a new token.
      const refs = ((sa.secrets as { name?: string }[] | undefined) ?? []).filter(
        (r) => r.name !== obj.metadata.name,
      );
      const updated = registry.update(serviceAccounts, ns, sa.metadata.name, {
        ...sa,
        secrets: refs,
      });
      ensureToken(updated);
    }
  });
}
