import { z } from 'zod';

/** Kubernetes RBAC JSON as the API server sends it; unknown fields are kept so edits round-trip. */
export const policyRuleSchema = z.object({
  verbs: z.array(z.string()),
  apiGroups: z.array(z.string()).nullish(),
  resources: z.array(z.string()).nullish(),
  resourceNames: z.array(z.string()).nullish(),
  nonResourceURLs: z.array(z.string()).nullish(),
});

export const objectMetaSchema = z.looseObject({
  name: z.string(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  creationTimestamp: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
export type ObjectMeta = z.infer<typeof objectMetaSchema>;

const aggregationRuleSchema = z.object({
  clusterRoleSelectors: z
    .array(
      z.object({
        matchLabels: z.record(z.string(), z.string()).optional(),
        matchExpressions: z
          .array(
            z.object({
              key: z.string(),
              operator: z.string(),
              values: z.array(z.string()).optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
});
export type AggregationRule = z.infer<typeof aggregationRuleSchema>;

export const roleSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: objectMetaSchema,
  rules: z
    .array(policyRuleSchema)
    .nullish()
    .transform((r) => r ?? []),
  aggregationRule: aggregationRuleSchema.optional(),
});
export type RoleObject = z.infer<typeof roleSchema>;

export const subjectSchema = z.object({
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
  apiGroup: z.string().optional(),
});
export type Subject = z.infer<typeof subjectSchema>;

export const roleRefSchema = z.object({ apiGroup: z.string(), kind: z.string(), name: z.string() });
export type RoleRef = z.infer<typeof roleRefSchema>;

export const bindingSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: objectMetaSchema,
  subjects: z
    .array(subjectSchema)
    .nullish()
    .transform((s) => s ?? []),
  roleRef: roleRefSchema,
});
export type BindingObject = z.infer<typeof bindingSchema>;

export function listSchema<T extends z.ZodType>(item: T) {
  return z.object({
    metadata: z
      .object({ resourceVersion: z.string().optional(), continue: z.string().optional() })
      .optional(),
    items: z.array(item),
  });
}

export const namespaceSchema = z.looseObject({ metadata: objectMetaSchema });
export const serviceAccountSchema = z.looseObject({ metadata: objectMetaSchema });
