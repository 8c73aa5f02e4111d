// Access analysis pages, loaded together on first use (see app/lazyPage.ts).
export { CheckPage } from './CheckPage.js';
export { WhoCanPage } from './WhoCanPage.js';
export { MatrixPage } from './MatrixPage.js';
export { SubjectPage } from './SubjectPage.js';
export { RisksPage } from './RisksPage.js';
export { SubjectsPage } from '../subjects/SubjectsPage.js';
