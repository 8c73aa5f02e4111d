// Create-only review resources (access reviews, rules reviews, SelfSubjectReview, TokenReview) and TokenRequest.
import { z } from 'zod';
import type { AuthorizationRequest } from '@gatehouse/policy';
import type { Authenticator } from '../auth/authenticator.js';
import { API_AUDIENCE, type ServiceAccountTokens } from '../auth/serviceaccount-tokens.js';
import type { UserInfo } from '../auth/user.js';
import type { ClusterAuthorizer } from '../authz/authorizer.js';
import type { FaultInjector } from '../faults.js';
import type { Registry } from '../registry.js';
import { findResource, type ResourceType } from '../resources.js';
import {
  badRequest,
  conflict,
  invalid,
  methodNotAllowed,
  notFound,
  type FieldError,
} from '../status.js';

const resourceAttributes = z.object({
  namespace: z.string().optional(),
  verb: z.string().optional(),
  group: z.string().optional(),
  version: z.string().optional(),
  resource: z.string().optional(),
  subresource: z.string().optional(),
  name: z.string().optional(),
});
const nonResourceAttributes = z.object({
  path: z.string().optional(),
  verb: z.string().optional(),
});
const accessReviewSpec = z.object({
  resourceAttributes: resourceAttributes.optional(),
  nonResourceAttributes: nonResourceAttributes.optional(),
  user: z.string().optional(),
  groups: z.array(z.string()).optional(),
  uid: z.string().optional(),
  extra: z.record(z.string(), z.array(z.string())).optional(),
});
const review = <T extends z.ZodTypeAny>(spec: T) =>
  z.object({ metadata: z.record(z.string(), z.unknown()).optional(), spec });

function parse<T extends z.ZodTypeAny>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body ?? {});
  if (!r.success)
    throw badRequest(
      `the request body is not valid: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return r.data as z.infer<T>;
}

function userInfoJson(u: UserInfo): Record<string, unknown> {
  const out: Record<string, unknown> = { username: u.name };
  if (u.uid) out.uid = u.uid;
  out.groups = u.groups;
  if (u.extra && Object.keys(u.extra).length > 0) out.extra = u.extra;
  return out;
}

export interface ReviewDeps {
  authz: ClusterAuthorizer;
  authn: Authenticator;
  tokens: ServiceAccountTokens;
  registry: Registry;
  faults: FaultInjector;
}

function accessRequest(
  t: ResourceType,
  spec: z.infer<typeof accessReviewSpec>,
  name: string,
): AuthorizationRequest {
  const ra = spec.resourceAttributes;
  const nra = spec.nonResourceAttributes;
  if (ra && nra) {
    throw invalid(t.kind, t.group, name, [
      {
        type: 'FieldValueInvalid',
        field: 'spec.nonResourceAttributes',
        message: `Invalid value: ${JSON.stringify(nra)}: cannot be specified in combination with resourceAttributes`,
      },
    ]);
  }
  if (nra) return { verb: nra.verb ?? '', path: nra.path ?? '' };
  if (!ra) {
    throw invalid(t.kind, t.group, name, [
      {
        type: 'FieldValueRequired',
        field: 'spec.resourceAttributes',
        message:
          'Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified',
      },
    ]);
  }
  const r: AuthorizationRequest = {
    verb: ra.verb ?? '',
    apiGroup: ra.group ?? '',
    resource: ra.resource ?? '',
    namespace: ra.namespace ?? '',
    name: ra.name ?? '',
  };
  if (ra.subresource) r.subresource = ra.subresource;
  return r;
}

/**
 * A LocalSubjectAccessReview asks about its own namespace only. As kube-apiserver: the create handler
 * fills metadata.namespace from the path (a different one is a 400), then
 * ValidateLocalSubjectAccessReview (pkg/apis/authorization/validation) answers 422 Invalid when
 * spec.resourceAttributes.namespace is not metadata.namespace or nonResourceAttributes are given.
 */
function refuseForeignNamespace(
  t: ResourceType,
  spec: z.infer<typeof accessReviewSpec>,
  body: unknown,
  namespace: string,
): void {
  const meta = (body as { metadata?: { namespace?: unknown } } | undefined)?.metadata;
  if (typeof meta?.namespace === 'string' && meta.namespace !== '' && meta.namespace !== namespace)
    throw badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  const errs: FieldError[] = [];
  const ra = spec.resourceAttributes;
  if (ra && (ra.namespace ?? '') !== namespace) {
    errs.push({
      type: 'FieldValueInvalid',
      field: 'spec.resourceAttributes.namespace',
      message: `Invalid value: ${JSON.stringify(ra.namespace ?? '')}: must match metadata.namespace`,
    });
  }
  if (spec.nonResourceAttributes) {
    errs.push({
      type: 'FieldValueInvalid',
      field: 'spec.nonResourceAttributes',
      message: `Invalid value: ${JSON.stringify(spec.nonResourceAttributes)}: disallowed on this kind of request`,
    });
  }
  if (errs.length) throw invalid(t.kind, t.group, '', errs);
}

/** Answers a POST to a virtual resource; returns the response body (HTTP 201). */
export async function handleReview(
  deps: ReviewDeps,
  t: ResourceType,
  user: UserInfo,
  namespace: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const head = {
    kind: t.kind,
    apiVersion: `${t.group}/${t.version}`,
    metadata: { creationTimestamp: null },
  };
  switch (t.plural) {
    case 'selfsubjectreviews':
      return { ...head, status: { userInfo: userInfoJson(user) } };
    case 'tokenreviews': {
      const { spec } = parse(
        review(
          z.object({ token: z.string().optional(), audiences: z.array(z.string()).optional() }),
        ),
        body,
      );
      const who = spec.token
        ? await deps.authn.authenticateToken(
            spec.token,
            spec.audiences?.length ? spec.audiences : undefined,
          )
        : undefined;
      const status = who
        ? {
            authenticated: true,
            user: userInfoJson(who),
            audiences: spec.audiences ?? [API_AUDIENCE],
          }
        : { user: {}, error: 'invalid bearer token' };
      return { ...head, spec, status };
    }
    case 'selfsubjectrulesreviews': {
      const { spec } = parse(review(z.object({ namespace: z.string().optional() })), body);
      if (!spec.namespace) throw badRequest('no namespace on request');
      const rules = deps.authz.rbac().rulesFor(user, spec.namespace);
      // With a webhook after RBAC, kube-apiserver returns RBAC's rules marked incomplete, with the error.
      const evaluationError = deps.faults.rulesReviewError(user.name);
      return {
        ...head,
        spec,
        status: evaluationError ? { ...rules, incomplete: true, evaluationError } : rules,
      };
    }
    case 'selfsubjectaccessreviews':
    case 'localsubjectaccessreviews':
    case 'subjectaccessreviews': {
      const { spec } = parse(review(accessReviewSpec), body);
      const request = accessRequest(t, spec, '');
      let subject = user;
      if (t.plural !== 'selfsubjectaccessreviews') {
        if (!spec.user && (spec.groups ?? []).length === 0) {
          throw invalid(t.kind, t.group, '', [
            {
              type: 'FieldValueInvalid',
              field: 'spec.user',
              message: 'Invalid value: "": at least one of user or group must be specified',
            },
          ]);
        }
        subject = { name: spec.user ?? '', groups: spec.groups ?? [] };
        if (spec.uid) subject.uid = spec.uid;
      }
      if (t.plural === 'localsubjectaccessreviews')
        refuseForeignNamespace(t, spec, body, namespace);
      const d = deps.authz.authorize(subject, request);
      const status: Record<string, unknown> = { allowed: d.allowed };
      if (d.reason) status.reason = d.reason;
      const meta =
        t.plural === 'localsubjectaccessreviews'
          ? { namespace, creationTimestamp: null }
          : head.metadata;
      return { ...head, metadata: meta, spec, status };
    }
    default:
      throw methodNotAllowed();
  }
}

const tokenRequest = z.object({
  spec: z
    .object({
      audiences: z.array(z.string()).nullish(),
      expirationSeconds: z.number().int().nullish(),
      boundObjectRef: z
        .object({
          kind: z.string().optional(),
          apiVersion: z.string().optional(),
          name: z.string(),
          uid: z.string().optional(),
        })
        .nullish(),
    })
    .default({}),
});

const TOKEN_REQUEST: ResourceType = {
  group: 'authentication.k8s.io',
  version: 'v1',
  kind: 'TokenRequest',
  plural: 'tokenrequests',
  singular: 'tokenrequest',
  namespaced: true,
  verbs: [],
};

/** POST serviceaccounts/<name>/token: a signed, expiring JWT for the ServiceAccount. */
export async function handleTokenRequest(
  deps: ReviewDeps,
  namespace: string,
  name: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const serviceAccounts = findResource('', 'v1', 'serviceaccounts') as ResourceType;
  const sa = deps.registry.get(serviceAccounts, namespace, name);
  const { spec } = parse(tokenRequest, body);
  const expirationSeconds = spec.expirationSeconds ?? 3600;
  if (expirationSeconds < 600) {
    throw invalid(TOKEN_REQUEST.kind, TOKEN_REQUEST.group, name, [
      {
        type: 'FieldValueInvalid',
        field: 'spec.expirationSeconds',
        message: `Invalid value: ${expirationSeconds}: may not specify a duration less than 10 minutes`,
      },
    ]);
  }
  if (expirationSeconds > 2 ** 32) {
    throw invalid(TOKEN_REQUEST.kind, TOKEN_REQUEST.group, name, [
      {
        type: 'FieldValueTooLong',
        field: 'spec.expirationSeconds',
        message: `Invalid value: ${expirationSeconds}: may not specify a duration larger than 2^32 seconds`,
      },
    ]);
  }
  let bound: { kind: 'Pod' | 'Secret'; name: string; uid: string } | undefined;
  const ref = spec.boundObjectRef;
  if (ref) {
    if (ref.kind !== 'Pod' && ref.kind !== 'Secret')
      throw badRequest(`cannot bind token to object of type ${ref.kind ?? ''}`);
    const t = findResource('', 'v1', ref.kind === 'Pod' ? 'pods' : 'secrets') as ResourceType;
    const obj = deps.registry.store.get(`/${t.plural}`, namespace, ref.name);
    if (!obj) throw notFound(t, ref.name);
    if (ref.uid && ref.uid !== obj.metadata.uid) {
      throw conflict(
        t,
        ref.name,
        `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
      );
    }
    bound = { kind: ref.kind, name: ref.name, uid: obj.metadata.uid ?? '' };
  }
  const audiences = spec.audiences?.length ? spec.audiences : [API_AUDIENCE];
  const issued = await deps.tokens.issue(sa, audiences, expirationSeconds, bound);
  return {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace, creationTimestamp: null },
    spec: { audiences, expirationSeconds, boundObjectRef: ref ?? null },
    status: issued,
  };
}
