import { z } from 'zod/mini';
import type { FieldError, PolicyRule } from '@gatehouse/policy';
import {
  createPolicyBody,
  policyApiVersion,
  policyKind,
  policySpec,
  type PlacementTarget,
  type PolicySpec,
  type PolicySpecInput,
} from '@gatehouse/bff/contract/fleet/policies';
import { objectFromYaml, toYaml } from '../../rbac/yamlText.js';
import { formatSelector, parseSelector } from './selector.js';

/** Clusters or namespaces: every one (`names: ["*"]`), some by name, or those matching labels. */
export type TargetMode = 'all' | 'names' | 'selector';

/** A placement target as the form edits it: the text boxes keep what is typed, parsed on use. */
export interface TargetForm {
  mode: TargetMode;
  /** Names separated by commas or spaces. */
  names: string;
  /** A label selector as kubectl -l writes it. */
  selector: string;
}

export interface PlacementForm {
  clusters: TargetForm;
  namespaces: TargetForm;
}

export type SubjectKind = 'User' | 'Group' | 'ServiceAccount';

export interface SubjectForm {
  kind: SubjectKind;
  name: string;
  /** ServiceAccounts only. */
  namespace: string;
}

/** Both sources are kept while one is chosen, so switching back and forth loses nothing. */
export interface StatementForm {
  source: 'clusterRole' | 'rules';
  clusterRole: string;
  rules: PolicyRule[];
  placements: PlacementForm[];
}

export interface PolicyForm {
  name: string;
  description: string;
  subjects: SubjectForm[];
  statements: StatementForm[];
}

export const emptySubject = (): SubjectForm => ({ kind: 'Group', name: '', namespace: '' });

export const newPlacement = (): PlacementForm => ({
  clusters: { mode: 'all', names: '', selector: '' },
  namespaces: { mode: 'names', names: '', selector: '' },
});

export const newStatement = (): StatementForm => ({
  source: 'clusterRole',
  clusterRole: '',
  rules: [],
  placements: [newPlacement()],
});

export function emptyForm(): PolicyForm {
  return { name: '', description: '', subjects: [emptySubject()], statements: [newStatement()] };
}

function targetForm(t: PlacementTarget): TargetForm {
  if (t.selector) return { mode: 'selector', names: '', selector: formatSelector(t.selector) };
  const names = t.names ?? [];
  if (names.length === 1 && names[0] === '*') return { mode: 'all', names: '', selector: '' };
  return { mode: 'names', names: names.join(', '), selector: '' };
}

/** The form for a saved (or pasted) spec. */
export function formFromSpec(name: string, spec: PolicySpec): PolicyForm {
  return {
    name,
    description: spec.description ?? '',
    subjects: spec.subjects.map((s) => ({
      kind: s.kind,
      name: s.name,
      namespace: s.namespace ?? '',
    })),
    statements: spec.statements.map((s) => ({
      source: s.rules !== undefined && s.clusterRole === undefined ? 'rules' : 'clusterRole',
      clusterRole: s.clusterRole ?? '',
      rules: s.rules ? structuredClone(s.rules) : [],
      placements: s.placements.map((p) => ({
        clusters: targetForm(p.clusters),
        namespaces: targetForm(p.namespaces),
      })),
    })),
  };
}

/**
 * A new policy from another one (a built-in, usually): its statements, and its subjects (the
 * built-ins have none, so one empty row to fill in).
 */
export function formFromTemplate(source: string, spec: PolicySpec): PolicyForm {
  const form = formFromSpec(`${source}-copy`.replace(/^gatehouse-/, ''), spec);
  return { ...form, subjects: form.subjects.length ? form.subjects : [emptySubject()] };
}

export function splitNames(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((n) => n.trim())
    .filter(Boolean);
}

type TargetInput = PolicySpecInput['statements'][number]['placements'][number]['clusters'];

function targetSpec(t: TargetForm, field: string, errors: FieldError[]): TargetInput {
  if (t.mode === 'all') return { names: ['*'] };
  if (t.mode === 'names') {
    const names = splitNames(t.names);
    if (names.length === 0)
      errors.push({
        field: `${field}.names`,
        message: 'name at least one',
        type: 'FieldValueRequired',
      });
    return { names };
  }
  const parsed = parseSelector(t.selector);
  if (!parsed.ok) {
    errors.push({ field: `${field}.selector`, message: parsed.error, type: 'FieldValueInvalid' });
    return { selector: {} };
  }
  if (!parsed.selector.matchLabels && !parsed.selector.matchExpressions)
    errors.push({
      field: `${field}.selector`,
      message: 'write at least one label (choose “every” to select all)',
      type: 'FieldValueRequired',
    });
  return { selector: parsed.selector };
}

type RuleInput = PolicySpecInput['statements'][number] extends { rules?: (infer R)[] } ? R : never;

/** A rule as a policy carries it: fields the editor left null or unset are left out. */
function ruleInput(r: PolicyRule): RuleInput {
  return {
    verbs: [...r.verbs],
    ...(r.apiGroups ? { apiGroups: [...r.apiGroups] } : {}),
    ...(r.resources ? { resources: [...r.resources] } : {}),
    ...(r.resourceNames ? { resourceNames: [...r.resourceNames] } : {}),
    ...(r.nonResourceURLs ? { nonResourceURLs: [...r.nonResourceURLs] } : {}),
  };
}

/** A zod issue's path as the API server writes field paths: `spec.subjects[0].name`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

export interface FormResult {
  name: string;
  spec: PolicySpecInput;
  /** Empty when the policy may be sent: the contract's own checks plus what the text boxes hold. */
  errors: FieldError[];
}

/** The spec the form describes, with every problem keyed by its field path. */
export function specFromForm(form: PolicyForm): FormResult {
  const errors: FieldError[] = [];
  const description = form.description.trim();
  const spec: PolicySpecInput = {
    ...(description ? { description } : {}),
    subjects: form.subjects.map((s) => ({
      kind: s.kind,
      name: s.name.trim(),
      ...(s.kind === 'ServiceAccount' ? { namespace: s.namespace.trim() } : {}),
    })),
    statements: form.statements.map((s, i) => ({
      ...(s.source === 'clusterRole'
        ? { clusterRole: s.clusterRole.trim() }
        : { rules: s.rules.map(ruleInput) }),
      placements: s.placements.map((p, j) => ({
        clusters: targetSpec(p.clusters, `spec.statements[${i}].placements[${j}].clusters`, errors),
        namespaces: targetSpec(
          p.namespaces,
          `spec.statements[${i}].placements[${j}].namespaces`,
          errors,
        ),
      })),
    })),
  };
  const name = form.name.trim();
  const checked = createPolicyBody.safeParse({ name, spec });
  if (!checked.success) {
    const seen = new Set(errors.map((e) => e.field));
    for (const issue of checked.error.issues) {
      const field = fieldPath(issue.path) || 'spec';
      // A text box that did not parse already says why; its empty stand-in would only repeat it.
      // One message a field: an empty box is "required", not also "no spaces or slashes".
      if ([...seen].some((s) => field === s || field.startsWith(`${s}.`))) continue;
      seen.add(field);
      const empty = issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1;
      errors.push(
        empty
          ? { field, message: 'required', type: 'FieldValueRequired' }
          : { field, message: issue.message, type: 'FieldValueInvalid' },
      );
    }
  }
  return { name, spec, errors };
}

const policyDocument = z.object({
  apiVersion: z.optional(z.string()),
  kind: z.optional(z.string()),
  metadata: z.object({ name: z.string() }),
  spec: policySpec,
});

/** The policy as kubectl would apply it. */
export function policyYaml(name: string, spec: PolicySpecInput): string {
  return toYaml({ apiVersion: policyApiVersion, kind: policyKind, metadata: { name }, spec });
}

export type YamlRead = { ok: true; form: PolicyForm } | { ok: false; error: string };

/** Reads the YAML tab back into the form; a saved policy's name stays what it is. */
export function formFromYaml(text: string, fixedName?: string): YamlRead {
  const read = objectFromYaml(text, policyKind, policyDocument);
  if (!read.ok) return read;
  const { metadata, spec, apiVersion } = read.value;
  if (apiVersion !== undefined && apiVersion !== policyApiVersion)
    return { ok: false, error: `apiVersion must be ${policyApiVersion}` };
  if (fixedName !== undefined && metadata.name !== fixedName)
    return { ok: false, error: `metadata.name must stay ${fixedName}: a new name is a new policy` };
  return { ok: true, form: formFromSpec(metadata.name, spec) };
}
