// Creating and deleting projects and moving namespaces in and out, as the user, all or nothing.
import type { Request } from 'express';
import type { Cluster } from '../clusters.js';
import type { BffContext } from '../context.js';
import { requireSession } from '../api.js';
import { ApiError } from '../errors.js';
import { revokeEndedMemberships } from '../kubeconfig/service.js';
import { applyPlan } from './apply.js';
import { auditedWriter } from './audited.js';
import type { ChangeReport, CollaboratorSubject } from './contract.js';
import {
  collaboratorsOf,
  identityFor,
  NAMESPACES_ANNOTATION,
  newIdentity,
  PROJECT_LABEL,
  recordValue,
  type NamespaceJson,
} from './model.js';
import { collaboratorBinding, type Step } from './plan.js';
import { bffList, userMay } from './read.js';
import { clusterOf, levelsOf, openProject } from './service.js';

const namespaceObject = (name: string, project: string, record?: string[]) => ({
  apiVersion: 'v1' as const,
  kind: 'Namespace' as const,
  metadata: {
    name,
    labels: { [PROJECT_LABEL]: project },
    ...(record ? { annotations: { [NAMESPACES_ANNOTATION]: recordValue(record) } } : {}),
  },
});

/** The namespace as the BFF reads it now; undefined when it does not exist. */
async function readNamespace(cluster: Cluster, name: string): Promise<NamespaceJson | undefined> {
  const path = `/api/v1/namespaces/${encodeURIComponent(name)}`;
  const { status, body } = await cluster.client.json<NamespaceJson & { message?: string }>(
    'GET',
    path,
    { kind: 'bff' },
  );
  if (status === 404) return undefined;
  if (status !== 200)
    throw new ApiError(
      502,
      `the BFF cannot read ${path} on cluster "${cluster.name}": ${body.message ?? status}`,
    );
  return body;
}

/** An update of the namespace's labels or annotations, undone by putting back the metadata it had. */
function relabel(
  current: NamespaceJson,
  project: string,
  change: { labels?: Record<string, string>; annotations?: Record<string, string> },
  description: string,
): Step {
  const name = current.metadata.name;
  return {
    op: 'update',
    object: { ...namespaceObject(name, project), metadata: { ...current.metadata, ...change } },
    previous: { ...namespaceObject(name, project), metadata: current.metadata },
    description,
  };
}

/** The update of the home namespace's record so that it lists exactly `namespaces`. */
function recordStep(home: NamespaceJson, project: string, namespaces: string[]): Step {
  const value = recordValue(namespaces);
  return relabel(
    home,
    project,
    { annotations: { ...home.metadata.annotations, [NAMESPACES_ANNOTATION]: value } },
    `record ${value} as the namespaces of ${project} (annotation ${NAMESPACES_ANNOTATION} on Namespace ${project})`,
  );
}

export async function createProject(
  ctx: BffContext,
  req: Request,
  clusterId: string,
  body: { name: string; namespaces: string[] },
): Promise<ChangeReport> {
  const session = requireSession(req);
  const cluster = clusterOf(ctx, clusterId);
  const levels = levelsOf(ctx);
  const existing = await bffList<{ metadata: { name: string; labels?: Record<string, string> } }>(
    cluster,
    '/api/v1/namespaces',
  );
  if (!body.namespaces.includes(body.name))
    throw new ApiError(
      400,
      `a project's namespaces include its home namespace, named like the project ("${body.name}"): the project's record lives there`,
      'BadRequest',
    );
  // A project exists by its home; a namespace merely labelled with the name does not take it.
  if (
    existing.some(
      (n) => n.metadata.name === body.name && n.metadata.labels?.[PROJECT_LABEL] === body.name,
    )
  )
    throw new ApiError(409, `project "${body.name}" already exists`, 'AlreadyExists');
  const taken = body.namespaces.filter((n) => existing.some((e) => e.metadata.name === n));
  if (taken.length)
    throw new ApiError(409, `namespace(s) ${taken.join(', ')} already exist`, 'AlreadyExists');
  const admin = levels.find((l) => l.clusterRole === 'admin')?.name ?? 'admin';
  const state = { project: body.name, namespaces: body.namespaces, bindings: [], levels };
  const steps: Step[] = body.namespaces.map((n) => ({
    op: 'create',
    object: namespaceObject(n, body.name, n === body.name ? body.namespaces : undefined),
    description:
      n === body.name
        ? `create Namespace ${n} labelled ${PROJECT_LABEL}=${body.name}, recording the project's namespaces`
        : `create Namespace ${n} labelled ${PROJECT_LABEL}=${body.name}`,
  }));
  const me: CollaboratorSubject = { kind: 'User', name: session.user.name };
  const identity = newIdentity(body.name, me.name);
  for (const n of body.namespaces) {
    const object = collaboratorBinding(state, n, admin, me, {
      by: session.user.name,
      at: new Date().toISOString(),
      identity,
    });
    steps.push({ op: 'create', object, description: `make ${me.name} admin of ${n}` });
  }
  return applyPlan(auditedWriter(ctx, req, cluster, session), steps);
}

export async function deleteProject(
  ctx: BffContext,
  req: Request,
  clusterId: string,
  project: string,
  confirm: string,
): Promise<ChangeReport> {
  requireSession(req);
  if (confirm !== project)
    throw new ApiError(
      400,
      `type the project's name ("${project}") to confirm deleting it`,
      'BadRequest',
    );
  const { session, cluster, state } = await openProject(ctx, req, clusterId, project);
  if (state.namespaces.length === 0)
    throw new ApiError(
      409,
      `no namespace of ${project} is verified, so there is nothing of it to delete; namespaces that only claim it (${(state.unverified ?? []).join(', ')}) are not deleted`,
      'Conflict',
    );
  for (const ns of state.namespaces)
    if (!(await userMay(cluster, session, { verb: 'delete', resource: 'namespaces', name: ns })))
      throw new ApiError(
        403,
        `you may not delete namespace ${ns}, so not project ${project}`,
        'Forbidden',
      );
  const steps: Step[] = state.namespaces.map((n) => ({
    op: 'delete',
    object: namespaceObject(n, project),
    description: `delete Namespace ${n} and everything in it`,
  }));
  // A deleted namespace's contents cannot be brought back, so deletion reports rather than undoes.
  const report = await applyPlan(auditedWriter(ctx, req, cluster, session), steps, {
    undo: false,
  });
  return revokeEndedMemberships(ctx, req, cluster, project, report);
}

export async function addNamespace(
  ctx: BffContext,
  req: Request,
  clusterId: string,
  project: string,
  namespace: string,
): Promise<ChangeReport> {
  const { session, cluster, levels, state } = await openProject(ctx, req, clusterId, project);
  if (state.namespaces.includes(namespace))
    throw new ApiError(409, `${namespace} is already in ${project}`, 'AlreadyExists');
  const current = await readNamespace(cluster, namespace);
  const other = current?.metadata.labels?.[PROJECT_LABEL];
  if (other && other !== project)
    throw new ApiError(409, `${namespace} belongs to project ${other}`, 'Conflict');
  const steps: Step[] = [];
  const labels = { ...current?.metadata.labels, [PROJECT_LABEL]: project };
  if (namespace === project) {
    // The home (a project made before records, or whose home went): it starts the record.
    steps.push(
      current
        ? relabel(
            current,
            project,
            {
              labels,
              annotations: {
                ...current.metadata.annotations,
                [NAMESPACES_ANNOTATION]: recordValue([namespace]),
              },
            },
            `label Namespace ${namespace} ${PROJECT_LABEL}=${project}, recording it as the project's home`,
          )
        : {
            op: 'create',
            object: namespaceObject(namespace, project, [namespace]),
            description: `create Namespace ${namespace} labelled ${PROJECT_LABEL}=${project}, recording it as the project's home`,
          },
    );
  } else {
    if (!state.home)
      throw new ApiError(
        409,
        `${project} has no home namespace (named ${project}) to record its namespaces on; add that first`,
        'Conflict',
      );
    if (!current)
      steps.push({
        op: 'create',
        object: namespaceObject(namespace, project),
        description: `create Namespace ${namespace} labelled ${PROJECT_LABEL}=${project}`,
      });
    else if (!other)
      steps.push(
        relabel(
          current,
          project,
          { labels },
          `label Namespace ${namespace} ${PROJECT_LABEL}=${project}`,
        ),
      );
    // Already claiming the project (unverified): verified only by who may also change it.
    else if (
      !(await userMay(cluster, session, {
        verb: 'update',
        resource: 'namespaces',
        name: namespace,
      }))
    )
      throw new ApiError(
        403,
        `you may not update namespace ${namespace}, so not verify it as part of ${project}`,
        'Forbidden',
      );
    steps.push(recordStep(state.home, project, [...state.namespaces, namespace]));
  }
  const target = { ...state, namespaces: [namespace] };
  for (const c of collaboratorsOf(project, state.namespaces, state.bindings, levels)) {
    const identity =
      c.subject.kind === 'User' ? identityFor(project, c.subject.name, state.bindings) : undefined;
    const object = collaboratorBinding(target, namespace, c.level, c.subject, {
      by: session.user.name,
      at: new Date().toISOString(),
      ...(c.expiresAt ? { expiresAt: c.expiresAt } : {}),
      ...(identity ? { identity } : {}),
    });
    steps.push({
      op: 'create',
      object,
      description: `give ${c.subject.name} ${c.level} in ${namespace}`,
    });
  }
  return applyPlan(auditedWriter(ctx, req, cluster, session), steps);
}

export async function removeNamespace(
  ctx: BffContext,
  req: Request,
  clusterId: string,
  project: string,
  namespace: string,
): Promise<ChangeReport> {
  const { session, cluster, state } = await openProject(ctx, req, clusterId, project);
  if (!state.namespaces.includes(namespace))
    throw new ApiError(404, `${namespace} is not in ${project}`, 'NotFound');
  if (state.namespaces.length === 1)
    throw new ApiError(
      409,
      `${namespace} is the last namespace of ${project}; delete the project instead`,
      'Conflict',
    );
  if (namespace === project || !state.home)
    throw new ApiError(
      409,
      `${namespace} is the home of ${project} and holds its record; delete the project instead`,
      'Conflict',
    );
  const record = recordStep(
    state.home,
    project,
    state.namespaces.filter((n) => n !== namespace),
  );
  const bindingSteps: Step[] = state.bindings
    .filter(
      (b) => b.metadata.namespace === namespace && b.metadata.labels?.[PROJECT_LABEL] === project,
    )
    .map((b) => ({
      op: 'delete',
      object: b,
      description: `delete RoleBinding ${b.metadata.name} in ${namespace}`,
    }));
  const steps: Step[] = [record, ...bindingSteps];
  const current = await readNamespace(cluster, namespace);
  if (!current) throw new ApiError(404, `namespace ${namespace} no longer exists`, 'NotFound');
  const labels = { ...current.metadata.labels };
  delete labels[PROJECT_LABEL];
  steps.push(
    relabel(
      current,
      project,
      { labels },
      `remove label ${PROJECT_LABEL} from Namespace ${namespace} (the namespace and its objects stay)`,
    ),
  );
  const report = await applyPlan(auditedWriter(ctx, req, cluster, session), steps);
  return revokeEndedMemberships(ctx, req, cluster, project, report);
}
