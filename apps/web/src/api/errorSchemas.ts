// Error bodies and zod's error printer, loaded only when a response must be read as an error or
// fails its schema: neither belongs in the first bundle.
import { z } from 'zod/mini';

export { apiErrorBody } from '@gatehouse/bff/contract';

// A Kubernetes Status under /k8s, as any API server words it (every field but kind may be missing).
export const k8sStatusSchema = z.object({
  kind: z.literal('Status'),
  message: z.optional(z.string()),
  reason: z.optional(z.string()),
  code: z.optional(z.number()),
  details: z.optional(z.unknown()),
});

export const prettifyError = z.prettifyError;
