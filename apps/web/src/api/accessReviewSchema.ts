import { z } from 'zod/mini';

/** The part of a SelfSubjectAccessReview's answer the console reads. */
export const reviewSchema = z.object({
  status: z.object({
    allowed: z.boolean(),
    denied: z.optional(z.boolean()),
    reason: z.optional(z.string()),
  }),
});
