import type { CollaboratorSubject } from './api.js';

/** Names typed into a field, one per comma or line; empty entries dropped, duplicates once. */
export function parseSubjects(users: string, groups: string): CollaboratorSubject[] {
  const split = (s: string) => [
    ...new Set(
      s
        .split(/[\n,]+/)
        .map((x) => x.trim())
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
  return s.kind === 'Group' ? `group ${s.name}` : s.name;
}
