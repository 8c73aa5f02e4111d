import { stringify } from 'yaml';

/** YAML as kubectl shows it, without the server-side bookkeeping nobody edits. */
export function toYaml(obj: object): string {
  const copy = structuredClone(obj) as { metadata?: Record<string, unknown> };
  if (copy.metadata) delete copy.metadata.managedFields;
  return stringify(copy, { lineWidth: 0 });
}
