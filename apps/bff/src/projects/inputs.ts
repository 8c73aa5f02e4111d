// zod schemas of the projects, collaborators and kubeconfig routes (the table in ../routes.ts uses them).
import { z } from 'zod';
import { describeIdentity, identityProblem, isReservedIdentity } from '../identity.js';
import type {
  ChangeLevelRequest,
  CollaboratorSubject,
  CreateProjectRequest,
  DeleteProjectRequest,
  InviteRequest,
  RemoveCollaboratorRequest,
} from './contract.js';

const dnsLabel = z
  .string()
  .max(63)
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'must be a DNS label: lower case letters, digits and -',
  );
const clusterId = z.string().min(1).max(63);
/** Access levels and custom ClusterRole names (which may hold ':'). */
const level = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9:._-]+$/, 'a level or ClusterRole name');

// Refused as the security notes ask: nobody invites an IdP name into the system: space. Never
// trimmed: a name with invisible or edge characters is refused (see ../identity.ts).
const subjectName = z
  .string()
  .min(1)
  .max(256)
  .superRefine((n, ctx) => {
    const problem = identityProblem(n);
    if (problem)
      ctx.addIssue({ code: 'custom', message: `the name ${describeIdentity(n)} ${problem}` });
  })
  .regex(/^[^\s/]+$/, 'no spaces or slashes')
  .refine((n) => !isReservedIdentity(n), 'names starting with system: are reserved');

export const subjectSchema = z
  .object({ kind: z.enum(['User', 'Group']), name: subjectName })
  .strict() satisfies z.ZodType<CollaboratorSubject>;

// Removing only matches bindings that exist, so a name with unusual characters that got in some
// other way (kubectl) can still be taken away; it is never trimmed either.
const existingSubject = z
  .object({
    kind: z.enum(['User', 'Group']),
    name: z
      .string()
      .min(1)
      .max(256)
      .refine((n) => !isReservedIdentity(n), 'names starting with system: are reserved'),
  })
  .strict() satisfies z.ZodType<CollaboratorSubject>;

export const clusterParams = z.object({ cluster: clusterId });
export const projectParams = z.object({ cluster: clusterId, project: dnsLabel });
export const namespaceParams = projectParams.extend({ namespace: dnsLabel });
export const revokeParams = z.object({ cluster: clusterId, id: z.string().min(1).max(253) });

export const createProjectBody = z
  .object({ name: dnsLabel, namespaces: z.array(dnsLabel).min(1).max(20) })
  .strict()
  .refine(
    (b) => new Set(b.namespaces).size === b.namespaces.length,
    'a namespace is named twice',
  ) satisfies z.ZodType<CreateProjectRequest>;

export const inviteBody = z
  .object({
    subjects: z.array(subjectSchema).min(1).max(50),
    level,
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict() satisfies z.ZodType<InviteRequest>;

export const changeLevelBody = z
  .object({ subject: subjectSchema, level })
  .strict() satisfies z.ZodType<ChangeLevelRequest>;

export const removeBody = z
  .object({ subject: existingSubject })
  .strict() satisfies z.ZodType<RemoveCollaboratorRequest>;

export const deleteProjectBody = z
  .object({ confirm: z.string().max(63) })
  .strict() satisfies z.ZodType<DeleteProjectRequest>;

export const kubeconfigQuery = z
  .object({
    /** Without a project: a file for the namespace alone, at `level` (see kubeconfig/namespace.ts). */
    project: dnsLabel.optional(),
    namespace: dnsLabel.optional(),
    level: level.optional(),
    expirationSeconds: z.coerce.number().int().min(600).optional(),
  })
  .strict();

export const kubeconfigInfoQuery = z
  .object({ project: dnsLabel.optional(), namespace: dnsLabel.optional() })
  .strict()
  .refine(
    (q) => (q.project === undefined) !== (q.namespace === undefined),
    'a project or a namespace',
  );
