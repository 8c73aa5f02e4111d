import { z } from 'zod/mini';
import { policyRule, roleRef, subject } from '@gatehouse/bff/contract';

// Kubernetes RBAC JSON as the API server sends it (under /k8s, not the BFF's own contract); unknown
// fields are kept so edits round-trip. Rules, subjects and roleRefs are the contract's shapes.
export const policyRuleSchema = policyRule;

export const objectMetaSchema = z.looseObject({
  name: z.string(),
  namespace: z.optional(z.string()),
  uid: z.optional(z.string()),
  resourceVersion: z.optional(z.string()),
  creationTimestamp: z.optional(z.string()),
  labels: z.optional(z.record(z.string(), z.string())),
  annotations: z.optional(z.record(z.string(), z.string())),
});
export type ObjectMeta = z.infer<typeof objectMetaSchema>;

const aggregationRuleSchema = z.object({
  clusterRoleSelectors: z.optional(
    z.array(
      z.object({
        matchLabels: z.optional(z.record(z.string(), z.string())),
        matchExpressions: z.optional(
          z.array(
            z.object({
              key: z.string(),
              operator: z.string(),
              values: z.optional(z.array(z.string())),
            }),
          ),
        ),
      }),
    ),
  ),
});
export type AggregationRule = z.infer<typeof aggregationRuleSchema>;

/** A list field the API server omits or sends as null when empty. */
const listOf = <T extends z.ZodMiniType>(item: T) =>
  z.pipe(
    z.nullish(z.array(item)),
    z.transform((v: z.output<T>[] | null | undefined) => v ?? []),
  );

export const roleSchema = z.looseObject({
  apiVersion: z.optional(z.string()),
  kind: z.optional(z.string()),
  metadata: objectMetaSchema,
  rules: listOf(policyRuleSchema),
  aggregationRule: z.optional(aggregationRuleSchema),
});
export type RoleObject = z.infer<typeof roleSchema>;

export const subjectSchema = subject;
export type Subject = z.infer<typeof subjectSchema>;

export const roleRefSchema = roleRef;
export type RoleRef = z.infer<typeof roleRefSchema>;

export const bindingSchema = z.looseObject({
  apiVersion: z.optional(z.string()),
  kind: z.optional(z.string()),
  metadata: objectMetaSchema,
  subjects: listOf(subjectSchema),
  roleRef: roleRefSchema,
});
export type BindingObject = z.infer<typeof bindingSchema>;

export function listSchema<T extends z.ZodMiniType>(item: T) {
  return z.object({
    metadata: z.optional(
      z.object({ resourceVersion: z.optional(z.string()), continue: z.optional(z.string()) }),
    ),
    items: z.array(item),
  });
}

export const namespaceSchema = z.looseObject({ metadata: objectMetaSchema });
export const serviceAccountSchema = z.looseObject({ metadata: objectMetaSchema });
