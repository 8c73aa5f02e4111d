import type { Subject } from '../api/rbacSchemas.js';

const kindTone: Record<string, string> = {
  User: 'bg-sky-100 text-sky-900 dark:bg-sky-900/40 dark:text-sky-200',
  Group: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/40 dark:text-emerald-200',
  ServiceAccount: 'bg-violet-100 text-violet-900 dark:bg-violet-900/40 dark:text-violet-200',
};

export function subjectLabel(s: Subject): string {
  return s.kind === 'ServiceAccount' ? `${s.namespace ?? '?'}/${s.name}` : s.name;
}

export function SubjectChip({ subject }: { subject: Subject }) {
  return (
    <span
      className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs ${kindTone[subject.kind] ?? 'bg-slate-100 dark:bg-slate-800'}`}
    >
      <span className="font-semibold">
        {subject.kind === 'ServiceAccount' ? 'SA' : subject.kind}
      </span>{' '}
      <span className="font-mono">{subjectLabel(subject)}</span>
    </span>
  );
}
