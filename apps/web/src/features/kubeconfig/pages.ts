// Kubeconfig pages, loaded together on first use (see app/lazyPage.ts).
export { MyKubeconfigsPage } from './MyKubeconfigsPage.js';
export { KubeconfigLinkPage } from './KubeconfigLinkPage.js';
