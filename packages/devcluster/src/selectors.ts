// Label and field selectors as the API server parses them from list/watch query strings.
import { badRequest } from './status.js';
import type { KObject } from './object.js';

type Requirement =
  | { op: 'exists' | 'notexists'; key: string }
  | { op: 'in' | 'notin'; key: string; values: string[] };

export type LabelSelector = Requirement[];

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

export function parseLabelSelector(s: string | null): LabelSelector {
  if (!s) return [];
  return splitTopLevel(s).map((part): Requirement => {
    const set = /^([^\s!=()]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (set) {
      const values = (set[3] ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
      return { op: set[2] === 'in' ? 'in' : 'notin', key: set[1] ?? '', values };
    }
    const eq = /^([^\s!=()]+)\s*(==|=|!=)\s*([^\s=!()]*)$/.exec(part);
    if (eq) {
      return { op: eq[2] === '!=' ? 'notin' : 'in', key: eq[1] ?? '', values: [eq[3] ?? ''] };
    }
    const not = /^!\s*([^\s!=()]+)$/.exec(part);
    if (not) return { op: 'notexists', key: not[1] ?? '' };
    if (/^[^\s!=()]+$/.test(part)) return { op: 'exists', key: part };
    throw badRequest(`unable to parse requirement: found '${part}', expected: identifier`);
  });
}

export function matchesLabels(
  sel: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels ?? {};
  return sel.every((req) => {
    const has = Object.prototype.hasOwnProperty.call(l, req.key);
    switch (req.op) {
      case 'exists':
        return has;
      case 'notexists':
        return !has;
      case 'in':
        return has && req.values.includes(l[req.key] ?? '');
      case 'notin':
        return !has || !req.values.includes(l[req.key] ?? '');
    }
  });
}

export interface FieldRequirement {
  field: string;
  negate: boolean;
  value: string;
}

/** Field labels the API server accepts besides metadata.name/namespace, per resource. */
const FIELD_LABELS: Record<string, string[]> = {
  '/pods': [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  '/events': [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  '/secrets': ['type'],
  '/namespaces': ['status.phase'],
  '/nodes': ['spec.unschedulable'],
  '/replicationcontrollers': ['status.replicas'],
  'apps/replicasets': ['status.replicas'],
  'batch/jobs': ['status.successful'],
};

/** `extra`: further selectable fields (a custom resource version's spec.selectableFields). */
export function parseFieldSelector(
  s: string | null,
  storeKey: string,
  extra: string[] = [],
): FieldRequirement[] {
  if (!s) return [];
  return s
    .split(',')
    .filter((p) => p !== '')
    .map((part) => {
      const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(part);
      if (!m) throw badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
      const field = m[1] ?? '';
      const allowed = [
        'metadata.name',
        'metadata.namespace',
        ...(FIELD_LABELS[storeKey] ?? []),
        ...extra,
      ];
      if (!allowed.includes(field)) throw badRequest(`field label not supported: ${field}`);
      return { field, negate: m[2] === '!=', value: m[3] ?? '' };
    });
}

function fieldValue(obj: KObject, path: string): string {
  let cur: unknown = obj;
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[seg];
  }
  if (cur === undefined || cur === null) return '';
  return String(cur);
}

export function matchesFields(reqs: FieldRequirement[], obj: KObject): boolean {
  return reqs.every((r) => (fieldValue(obj, r.field) === r.value) !== r.negate);
}
