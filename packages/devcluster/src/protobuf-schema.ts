// Protobuf message shapes: field numbers of Kubernetes generated.proto mapped to JSON field names.

export type FieldType =
  'string' | 'int' | 'bool' | 'bytes' | 'time' | 'mapString' | 'mapBytes' | 'intOrString' | Schema;
export interface Field {
  name: string;
  type: FieldType;
  repeated?: boolean;
}
export type Schema = { [num: number]: Field };

export const f = (name: string, type: FieldType, repeated = false): Field => ({
  name,
  type,
  repeated,
});

const ownerReference: Schema = {
  1: f('kind', 'string'),
  3: f('name', 'string'),
  4: f('uid', 'string'),
  5: f('apiVersion', 'string'),
  6: f('controller', 'bool'),
  7: f('blockOwnerDeletion', 'bool'),
};
export const objectMeta: Schema = {
  1: f('name', 'string'),
  2: f('generateName', 'string'),
  3: f('namespace', 'string'),
  5: f('uid', 'string'),
  6: f('resourceVersion', 'string'),
  7: f('generation', 'int'),
  8: f('creationTimestamp', 'time'),
  11: f('labels', 'mapString'),
  12: f('annotations', 'mapString'),
  13: f('ownerReferences', ownerReference, true),
  14: f('finalizers', 'string', true),
};
export const labelSelector: Schema = {
  1: f('matchLabels', 'mapString'),
  2: f(
    'matchExpressions',
    { 1: f('key', 'string'), 2: f('operator', 'string'), 3: f('values', 'string', true) },
    true,
  ),
};
export const withMeta = (rest: Schema): Schema => ({ 1: f('metadata', objectMeta), ...rest });
