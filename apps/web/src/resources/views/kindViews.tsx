import type { RbacKind } from '../../api/rbacKinds.js';
import type { KindDescriptor, KindViews } from '../kind.js';
import { KindListView } from './KindListView.js';
import { KindDetailView } from './KindDetailView.js';

/** The pages of one kind, drawn by the generic views from its descriptor. */
export function kindViews<K extends RbacKind>(descriptor: KindDescriptor<K>): KindViews {
  const { Form } = descriptor;
  return {
    List: ({ namespace }) => <KindListView descriptor={descriptor} namespace={namespace} />,
    Detail: ({ name, namespace }) => (
      <KindDetailView descriptor={descriptor} name={name} namespace={namespace} />
    ),
    Form,
  };
}
