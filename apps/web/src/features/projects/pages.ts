// Project pages, loaded together on first use (see app/lazyPage.ts).
export { ProjectPage } from './ProjectPage.js';
export { ProjectsPage } from './ProjectsPage.js';
