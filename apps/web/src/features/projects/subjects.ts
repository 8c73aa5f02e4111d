import type { CollaboratorSubject } from './api.js';
import { visibleName } from './names.js';

/**
 * Names typed into a field, one per comma or line; empty entries dropped, duplicates once. Only
 * the spaces and tabs typed around separators are dropped: U+FEFF and other invisible characters
 * stay, so the dialog can warn about them and the BFF refuses them, rather than vanish silently.
 */
export function parseSubjects(users: string, groups: string): CollaboratorSubject[] {
  const split = (s: string) => [
    ...new Set(
      s
        .split(/[\n,]+/)
        .map((x) => x.replace(/^[ \t]+|[ \t]+$/g, ''))
        .filter(Boolean),
    ),
  ];
  return [
    ...split(users).map((name) => ({ kind: 'User' as const, name })),
    ...split(groups).map((name) => ({ kind: 'Group' as const, name })),
  ];
}

/** Local date-time from an <input type="datetime-local"> as an ISO instant, or undefined when empty. */
export function expiryFromInput(value: string): string | undefined {
  if (!value) return undefined;
  const t = new Date(value);
  return Number.isNaN(t.getTime()) ? undefined : t.toISOString();
}

export function describeSubject(s: CollaboratorSubject): string {
  const name = visibleName(s.name);
  return s.kind === 'Group' ? `group ${name}` : name;
}
