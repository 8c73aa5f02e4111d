// Fleet project pages, loaded together on first use (see app/lazyPage.ts).
export { FleetProjectPage } from './FleetProjectPage.js';
export { FleetProjectsPage } from './FleetProjectsPage.js';
