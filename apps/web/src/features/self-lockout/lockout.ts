import { subjectAppliesTo, type UserInfo } from '@gatehouse/policy';
import type { BindingObject, Subject } from '../../api/rbacSchemas.js';

/** The bindings among these that grant something to this person (subjects resolved by the one matcher). */
export function bindingsOfMe(bindings: BindingObject[], me: UserInfo): BindingObject[] {
  return bindings.filter((b) =>
    b.subjects.some((s) => subjectAppliesTo(me, s, b.metadata.namespace ?? '')),
  );
}

/** Whether this person is still named by a binding once only `remaining` subjects are left. */
export function stillBoundAfter(
  binding: BindingObject,
  remaining: Subject[],
  me: UserInfo,
): boolean {
  return remaining.some((s) => subjectAppliesTo(me, s, binding.metadata.namespace ?? ''));
}
