// A Kubernetes object as stored and served: JSON with ObjectMeta.

export type KObject = Record<string, unknown> & { metadata: ObjectMeta };
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generateName?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  generation?: number;
  [key: string]: unknown;
}
