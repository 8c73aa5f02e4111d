import { parse, stringify } from 'yaml';
import { config, type z } from 'zod/mini';
import { en } from 'zod/locales';

// The YAML tabs show schema issues to people: worded in English (zod/mini loads no locale itself).
config(en());

/** YAML as kubectl shows it, without the server-side bookkeeping nobody edits. */
export function toYaml(obj: object): string {
  const copy = structuredClone(obj) as { metadata?: Record<string, unknown> };
  if (copy.metadata) delete copy.metadata.managedFields;
  return stringify(copy, { lineWidth: 0 });
}

/**
 * Reads an editor's YAML text as one object of `kind` checked by `schema`: the first line of the
 * parser's message on bad YAML, the schema's issues (by path) on a wrong shape, and the kind kept.
 */
export function objectFromYaml<T extends { kind?: string }>(
  text: string,
  kind: string,
  schema: z.ZodMiniType<T>,
): { ok: true; value: T } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    return {
      ok: false,
      error: err instanceof Error ? (err.message.split('\n')[0] ?? 'Invalid YAML') : 'Invalid YAML',
    };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    return {
      ok: false,
      error: `Not a ${kind}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'object'} ${i.message}`).join('; ')}`,
    };
  if (parsed.data.kind && parsed.data.kind !== kind)
    return { ok: false, error: `kind must stay ${kind}` };
  return { ok: true, value: parsed.data };
}
