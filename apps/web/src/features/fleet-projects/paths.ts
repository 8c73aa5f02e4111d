import { segment } from '../../api/rbacKinds.js';

export const fleetPaths = {
  projects: () => '/fleet/projects',
  project: (name: string) => `/fleet/projects/${segment(name)}`,
};
