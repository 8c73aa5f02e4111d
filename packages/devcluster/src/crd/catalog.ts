// CustomResourceDefinitions (apiextensions.k8s.io/v1): defaulting, validation, the status that
// kube-apiserver's naming and establishing controllers write, the resource types each established
// CRD serves (read at once by discovery and routing), and removal of a deleted CRD's objects.
//
// As in staging/src/k8s.io/apiextensions-apiserver:
// - pkg/apis/apiextensions/v1/defaults.go: names.singular = lowercase kind, names.listKind =
//   kind+"List", conversion.strategy = None.
// - pkg/apis/apiextensions/validation/validation.go: metadata.name must be
//   spec.names.plural+"."+spec.group; group a DNS subdomain with at least one dot; plural,
//   singular, kind, listKind; scope Cluster|Namespaced (immutable); exactly one storage version;
//   a schema for every version; scale paths under .spec / .status.
// - pkg/controller/status/naming_controller.go: NamesAccepted True "NoConflicts" / "no conflicts
//   found", or False "NameConflict" with `"<name>" is already in use`; Established True
//   "InitialNamesAccepted" / "the initial names have been accepted" (establishing_controller.go),
//   False "NotAccepted" / "not all names are accepted" before that.
// - pkg/apiserver/customresource_handler.go: only served versions of established CRDs are served;
//   with the None conversion strategy an object read at another version only has its apiVersion
//   rewritten; stored objects carry the storage version.
// - pkg/controller/finalizer/crd_finalizer.go: deleting a CRD deletes all of its objects (each one
//   a DELETED watch event) before the CRD goes; then its storage is torn down and watches end.
import type { Emulation } from '../emulation.js';
import type { KObject } from '../object.js';
import type { Registry } from '../registry.js';
import {
  findResource,
  storeKey,
  type CustomResourceInfo,
  type PrinterColumn,
  type ResourceType,
} from '../resources.js';
import type { FieldError } from '../status.js';
import { validateObjectMeta } from '../validation.js';
import { structuralErrors, type JSONSchemaProps } from './schema.js';

export const CRDS = findResource(
  'apiextensions.k8s.io',
  'v1',
  'customresourcedefinitions',
) as ResourceType;
export const CRD_KEY = storeKey(CRDS);

/** The verbs discovery lists for a custom resource, in the order kube-apiserver lists them. */
const CR_VERBS = [
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'create',
  'update',
  'watch',
];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema?: JSONSchemaProps;
  subresources?: {
    status?: object;
    scale?: { specReplicasPath?: string; statusReplicasPath?: string; labelSelectorPath?: string };
  };
  additionalPrinterColumns?: PrinterColumn[];
  selectableFields?: { jsonPath?: string }[];
}

interface CrdNames {
  plural: string;
  singular: string;
  kind: string;
  listKind: string;
  shortNames?: string[];
  categories?: string[];
}

function specOf(crd: KObject): Obj {
  return isObj(crd.spec) ? crd.spec : {};
}
function namesOf(crd: KObject): CrdNames {
  const n = specOf(crd).names;
  const o = isObj(n) ? n : {};
  const names: CrdNames = {
    plural: str(o.plural),
    singular: str(o.singular),
    kind: str(o.kind),
    listKind: str(o.listKind),
  };
  if (strs(o.shortNames).length) names.shortNames = strs(o.shortNames);
  if (strs(o.categories).length) names.categories = strs(o.categories);
  return names;
}
function versionsOf(crd: KObject): CrdVersion[] {
  const v = specOf(crd).versions;
  return Array.isArray(v) ? (v.filter(isObj) as unknown as CrdVersion[]) : [];
}

/** Kubernetes' version priority (CompareKubeAwareVersionStrings): GA > beta > alpha, then by numbers. */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (v: string): [number, number, number] | undefined => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return undefined;
    const stage = m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2;
    return [stage, Number(m[1]), Number(m[3] ?? 0)];
  };
  const pa = parse(a);
  const pb = parse(b);
  if (pa && !pb) return -1;
  if (!pa && pb) return 1;
  if (!pa || !pb) return a < b ? -1 : a > b ? 1 : 0;
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pb[i] ?? 0) - (pa[i] ?? 0);
  return 0;
}

function defaultCrd(obj: KObject): void {
  const spec = specOf(obj);
  const names = isObj(spec.names) ? { ...spec.names } : {};
  const kind = str(names.kind);
  if (kind && !names.singular) names.singular = kind.toLowerCase();
  if (kind && !names.listKind) names.listKind = `${kind}List`;
  const conversion = isObj(spec.conversion) ? spec.conversion : {};
  obj.spec = {
    ...spec,
    names,
    conversion: { ...conversion, strategy: conversion.strategy ?? 'None' },
  };
}

const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const COLUMN_TYPES = ['integer', 'number', 'string', 'boolean', 'date'];

const inv = (field: string, value: unknown, why: string): FieldError => ({
  type: 'FieldValueInvalid',
  field,
  message: `Invalid value: ${JSON.stringify(value)}: ${why}`,
});
const req = (field: string, why = ''): FieldError => ({
  type: 'FieldValueRequired',
  field,
  message: why ? `Required value: ${why}` : 'Required value',
});

export function validateCrd(obj: KObject, old: KObject | undefined): FieldError[] {
  const errs = validateObjectMeta(CRDS, obj);
  const spec = specOf(obj);
  const group = str(spec.group);
  const names = namesOf(obj);
  if (obj.metadata.name && obj.metadata.name !== `${names.plural}.${group}`)
    errs.push(inv('metadata.name', obj.metadata.name, 'must be spec.names.plural+"."+spec.group'));
  if (!group) errs.push(req('spec.group'));
  else if (!SUBDOMAIN.test(group))
    errs.push(inv('spec.group', group, 'a lowercase RFC 1123 subdomain'));
  else if (!group.includes('.'))
    errs.push(inv('spec.group', group, 'should be a domain with at least one dot'));
  const scope = str(spec.scope);
  if (!scope) errs.push(req('spec.scope'));
  else if (scope !== 'Cluster' && scope !== 'Namespaced')
    errs.push({
      type: 'FieldValueNotSupported',
      field: 'spec.scope',
      message: `Unsupported value: ${JSON.stringify(scope)}: supported values: "Cluster", "Namespaced"`,
    });
  if (old && str(specOf(old).scope) !== scope)
    errs.push(inv('spec.scope', scope, 'field is immutable'));
  for (const [field, value] of [
    ['plural', names.plural],
    ['singular', names.singular],
  ] as const) {
    if (!value) errs.push(req(`spec.names.${field}`));
    else if (!DNS1035.test(value)) errs.push(inv(`spec.names.${field}`, value, DNS1035_MSG));
  }
  if (!names.kind) errs.push(req('spec.names.kind'));
  if (!names.listKind) errs.push(req('spec.names.listKind'));
  else if (names.listKind === names.kind)
    errs.push(inv('spec.names.listKind', names.listKind, 'kind and listKind may not be the same'));
  const versions = versionsOf(obj);
  if (versions.length === 0)
    errs.push(req('spec.versions', 'must have exactly one version marked as storage version'));
  const storage = versions.filter((v) => v.storage === true).length;
  if (versions.length > 0 && storage !== 1)
    errs.push(
      inv(
        'spec.versions',
        versions.map((v) => v.name),
        'must have exactly one version marked as storage version',
      ),
    );
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    const p = `spec.versions[${i}]`;
    const name = str(v.name);
    if (!name) errs.push(req(`${p}.name`));
    else if (!DNS1035.test(name)) errs.push(inv(`${p}.name`, name, DNS1035_MSG));
    else if (seen.has(name))
      errs.push({
        type: 'FieldValueDuplicate',
        field: `${p}.name`,
        message: `Duplicate value: ${JSON.stringify(name)}`,
      });
    seen.add(name);
    const schema = isObj(v.schema) ? (v.schema as Obj).openAPIV3Schema : undefined;
    if (!isObj(schema)) errs.push(req(`${p}.schema.openAPIV3Schema`, 'schemas are required'));
    else errs.push(...structuralErrors(schema as JSONSchemaProps, `${p}.schema.openAPIV3Schema`));
    const scale = v.subresources?.scale;
    if (scale) {
      const sp = `${p}.subresources.scale`;
      if (!scale.specReplicasPath) errs.push(req(`${sp}.specReplicasPath`));
      else if (!scale.specReplicasPath.startsWith('.spec.'))
        errs.push(
          inv(
            `${sp}.specReplicasPath`,
            scale.specReplicasPath,
            'should be a json path under .spec',
          ),
        );
      if (!scale.statusReplicasPath) errs.push(req(`${sp}.statusReplicasPath`));
      else if (!scale.statusReplicasPath.startsWith('.status.'))
        errs.push(
          inv(
            `${sp}.statusReplicasPath`,
            scale.statusReplicasPath,
            'should be a json path under .status',
          ),
        );
    }
    (v.additionalPrinterColumns ?? []).forEach((c, j) => {
      const cp = `${p}.additionalPrinterColumns[${j}]`;
      if (!c.name) errs.push(req(`${cp}.name`));
      if (!c.type) errs.push(req(`${cp}.type`));
      else if (!COLUMN_TYPES.includes(c.type))
        errs.push({
          type: 'FieldValueNotSupported',
          field: `${cp}.type`,
          message: `Unsupported value: ${JSON.stringify(c.type)}: supported values: "integer", "number", "string", "boolean", "date"`,
        });
      if (!c.jsonPath) errs.push(req(`${cp}.JSONPath`));
    });
  });
  return errs;
}

/** Age when a version declares no printer columns (customresource_handler.go serveDefaultColumnsIfEmpty). */
const DEFAULT_COLUMNS: PrinterColumn[] = [
  {
    name: 'Age',
    type: 'date',
    description:
      'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
    jsonPath: '.metadata.creationTimestamp',
  },
];

function condition(crd: KObject, type: string): Obj | undefined {
  const st = isObj(crd.status) ? crd.status : {};
  const conds = Array.isArray(st.conditions) ? st.conditions.filter(isObj) : [];
  return conds.find((c) => c.type === type);
}

function isEstablished(crd: KObject): boolean {
  return condition(crd, 'Established')?.status === 'True';
}

function acceptedNamesOf(crd: KObject): CrdNames | undefined {
  const st = isObj(crd.status) ? crd.status : {};
  const a = st.acceptedNames;
  if (!isObj(a) || !str(a.plural)) return undefined;
  const names: CrdNames = {
    plural: str(a.plural),
    singular: str(a.singular),
    kind: str(a.kind),
    listKind: str(a.listKind),
  };
  if (strs(a.shortNames).length) names.shortNames = strs(a.shortNames);
  if (strs(a.categories).length) names.categories = strs(a.categories);
  return names;
}

/** The resource types one CRD serves: one per served version. */
function typesOf(crd: KObject): ResourceType[] {
  if (!isEstablished(crd)) return [];
  const spec = specOf(crd);
  const group = str(spec.group);
  const names = acceptedNamesOf(crd) ?? namesOf(crd);
  const versions = versionsOf(crd);
  const storageVersion = versions.find((v) => v.storage)?.name ?? '';
  const out: ResourceType[] = [];
  for (const v of versions) {
    if (v.served !== true) continue;
    const subresources: string[] = [];
    if (v.subresources?.status) subresources.push('status');
    if (v.subresources?.scale) subresources.push('scale');
    const scale = v.subresources?.scale;
    const info: CustomResourceInfo = {
      crdName: crd.metadata.name,
      storageVersion,
      schema: (v.schema as { openAPIV3Schema?: JSONSchemaProps } | undefined)?.openAPIV3Schema,
      columns: v.additionalPrinterColumns?.length ? v.additionalPrinterColumns : DEFAULT_COLUMNS,
      // CustomResourceFieldSelectors (GA in 1.32): each selectable field is a field selector label.
      selectableFields: (v.selectableFields ?? [])
        .map((f) => str(f.jsonPath).replace(/^\./, ''))
        .filter((f) => f !== ''),
      ...(scale
        ? {
            scale: {
              specReplicasPath: scale.specReplicasPath ?? '.spec.replicas',
              statusReplicasPath: scale.statusReplicasPath ?? '.status.replicas',
              ...(scale.labelSelectorPath ? { labelSelectorPath: scale.labelSelectorPath } : {}),
            },
          }
        : {}),
    };
    out.push({
      group,
      version: v.name,
      kind: names.kind,
      plural: names.plural,
      singular: names.singular,
      namespaced: spec.scope === 'Namespaced',
      verbs: CR_VERBS,
      ...(names.shortNames ? { shortNames: names.shortNames } : {}),
      ...(names.categories ? { categories: names.categories } : {}),
      ...(subresources.length ? { subresources } : {}),
      crd: info,
    });
  }
  return out;
}

const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** Custom resource types served from the CRDs in the store, kept current as CRDs change. */
export class CustomResources {
  private cache: ResourceType[] | undefined;
  private readonly watches = new Map<string, Set<() => void>>();

  constructor(private readonly registry: Registry) {
    registry.store.subscribe((ev) => {
      if (ev.key === CRD_KEY) this.cache = undefined;
    });
    registry.defaulters.set(CRD_KEY, (obj) => defaultCrd(obj));
    registry.validators.set(CRD_KEY, validateCrd);
    registry.afterWrites.push((op, t, obj) => {
      if (storeKey(t) !== CRD_KEY) return;
      if (op === 'delete') this.removeObjects(obj);
      else this.reconcileStatus(obj.metadata.name);
    });
  }

  /** Served custom resource types: groups by name, versions by priority, resources by plural. */
  types(): ResourceType[] {
    if (!this.cache) {
      const all = this.registry.store.list(CRD_KEY).flatMap(typesOf);
      all.sort(
        (a, b) =>
          (a.group < b.group ? -1 : a.group > b.group ? 1 : 0) ||
          compareKubeVersions(a.version, b.version) ||
          (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0),
      );
      this.cache = all;
    }
    return this.cache;
  }

  find(group: string, version: string, plural: string): ResourceType | undefined {
    return this.types().find(
      (t) => t.group === group && t.version === version && t.plural === plural,
    );
  }

  /** Store keys of namespaced custom resources (emptied with their namespace). */
  namespacedKeys(): string[] {
    return [
      ...new Set(
        this.types()
          .filter((t) => t.namespaced)
          .map(storeKey),
      ),
    ];
  }

  /** Registers a watch on a custom resource so that it ends when the CRD goes. */
  trackWatch(t: ResourceType, end: () => void): () => void {
    const key = storeKey(t);
    let set = this.watches.get(key);
    if (!set) {
      set = new Set();
      this.watches.set(key, set);
    }
    set.add(end);
    return () => set.delete(end);
  }

  /** Writes the status the naming and establishing controllers would (a no-op when unchanged). */
  reconcileStatus(name: string): void {
    const crd = this.registry.store.get(CRD_KEY, undefined, name);
    if (!crd) return;
    const spec = specOf(crd);
    const group = str(spec.group);
    const wanted = namesOf(crd);
    const others = this.registry.store
      .list(CRD_KEY)
      .filter((c) => c.metadata.name !== name && str(specOf(c).group) === group)
      .map((c) => acceptedNamesOf(c))
      .filter((n): n is CrdNames => n !== undefined);
    let conflict = '';
    for (const n of others) {
      const taken = new Set([n.plural, n.singular, ...(n.shortNames ?? [])]);
      const clash = [wanted.plural, wanted.singular, ...(wanted.shortNames ?? [])].find((x) =>
        taken.has(x),
      );
      if (clash) conflict = `"${clash}" is already in use`;
      else if (n.kind === wanted.kind || n.listKind === wanted.listKind)
        conflict = `"${n.kind === wanted.kind ? wanted.kind : wanted.listKind}" is already in use`;
      if (conflict) break;
    }
    const previous = acceptedNamesOf(crd);
    const acceptedNames = conflict
      ? (previous ?? { plural: '', singular: '', kind: '', listKind: '' })
      : wanted;
    const oldConds = (
      isObj(crd.status) && Array.isArray(crd.status.conditions) ? crd.status.conditions : []
    ).filter(isObj);
    const cond = (type: string, status: string, reason: string, message: string): Obj => {
      const prev = oldConds.find((c) => c.type === type);
      const same = prev && prev.status === status;
      return {
        type,
        status,
        lastTransitionTime: same ? prev.lastTransitionTime : now(),
        reason,
        message,
      };
    };
    const names = conflict
      ? cond('NamesAccepted', 'False', 'NameConflict', conflict)
      : cond('NamesAccepted', 'True', 'NoConflicts', 'no conflicts found');
    const established =
      previous !== undefined || !conflict
        ? cond(
            'Established',
            'True',
            'InitialNamesAccepted',
            'the initial names have been accepted',
          )
        : cond('Established', 'False', 'NotAccepted', 'not all names are accepted');
    const st = isObj(crd.status) ? crd.status : {};
    const storage = versionsOf(crd).find((v) => v.storage)?.name;
    const stored = strs(st.storedVersions);
    if (storage && !stored.includes(storage)) stored.push(storage);
    const status = {
      conditions: [names, established],
      acceptedNames,
      storedVersions: stored,
    };
    this.registry.update(CRDS, undefined, name, { ...crd, status }, { subresource: 'status' });
  }

  private removeObjects(crd: KObject): void {
    const spec = specOf(crd);
    const key = `${str(spec.group)}/${namesOf(crd).plural}`;
    const plural = acceptedNamesOf(crd)?.plural;
    for (const k of new Set([key, plural ? `${str(spec.group)}/${plural}` : key])) {
      for (const o of [...this.registry.store.list(k)])
        this.registry.store.remove(k, o.metadata.namespace, o.metadata.name);
      for (const end of [...(this.watches.get(k) ?? [])]) end();
      this.watches.delete(k);
    }
  }
}

/** The emulated version's resources plus the custom resources established now. */
export function withCustomResources(emulation: Emulation, crs: CustomResources): Emulation {
  return {
    version: emulation.version,
    legacyServiceAccountTokenSecrets: emulation.legacyServiceAccountTokenSecrets,
    get resources() {
      return [...emulation.resources, ...crs.types()];
    },
    find: (group, version, plural) =>
      emulation.find(group, version, plural) ?? crs.find(group, version, plural),
  };
}
