import { roleDescriptor } from '../shared/roleKind.js';
import { kindViews } from '../views/kindViews.js';
import { entry } from './index.js';

export const descriptor = roleDescriptor(
  entry,
  () => 'Sets of permissions that apply cluster-wide or, through RoleBindings, in one namespace.',
);
export const views = kindViews(descriptor);
