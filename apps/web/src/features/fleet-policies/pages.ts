// Fleet policy pages, loaded together on first use (see app/lazyPage.ts).
export { PoliciesPage } from './PoliciesPage.js';
export { CreatePolicyPage, EditPolicyPage } from './EditorPages.js';
export { PolicyPage } from './PolicyPage.js';
