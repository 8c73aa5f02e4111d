import { bindingDescriptor } from '../shared/bindingKind.js';
import { kindViews } from '../views/kindViews.js';
import { entry } from './index.js';

export const descriptor = bindingDescriptor(
  entry,
  () => 'Grant a Role or ClusterRole to users, groups and service accounts inside one namespace.',
);
export const views = kindViews(descriptor);
