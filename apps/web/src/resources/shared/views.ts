// The RBAC pages' views, loaded together on first use of any RBAC page (see app/lazyPage.ts).
export { RoleListView } from './RoleListView.js';
export { RoleDetailView } from './RoleDetailView.js';
export { RoleEditorView } from '../../features/role-editor/RoleEditorView.js';
export { BindingListView } from './BindingListView.js';
export { BindingDetailView } from './BindingDetailView.js';
export { BindingCreateView } from './BindingCreateView.js';
