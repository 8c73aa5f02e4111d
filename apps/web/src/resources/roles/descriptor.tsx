import { roleDescriptor } from '../shared/roleKind.js';
import { kindViews } from '../views/kindViews.js';
import { entry } from './index.js';

export const descriptor = roleDescriptor(
  entry,
  (namespace) =>
    `Sets of permissions inside ${namespace ? `namespace ${namespace}` : 'a namespace'}.`,
);
export const views = kindViews(descriptor);
