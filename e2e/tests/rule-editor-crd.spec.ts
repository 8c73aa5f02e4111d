import { expect, test } from '../pages/fixtures.js';
import { writeFile } from 'node:fs/promises';
import { ConsolePage } from '../pages/ConsolePage.js';
import { devclusterKubectl } from '../pages/Kubectl.js';
import { RoleDetailPage, RoleEditorPage } from '../pages/RolePages.js';

// Most of a real cluster's RBAC is about custom resources. A CRD made with kubectl is served by the
// devcluster at once (discovery included), so the role editor offers its resources, subresources and
// verbs as it does for built-in ones, and a rule written with them grants access to the objects.
const admin = devclusterKubectl('dev');

test('the role editor offers a CRD’s resources from discovery, and the rule it writes grants them', async ({
  page,
  fixtures,
}) => {
  const id = fixtures.name('crd');
  const group = `${id}.example.com`;
  const crd = `gizmos.${group}`;
  const role = `${id}-gizmo-editor`;
  // Deleted newest first: the binding, the role, then the CRD.
  fixtures.track({ kind: 'crd', name: crd });
  fixtures.track({ kind: 'clusterrole', name: role });
  fixtures.track({ kind: 'rolebinding', name: role, namespace: 'payments' });
  const file = test.info().outputPath('crd.yaml');
  await writeFile(
    file,
    [
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      `metadata: { name: ${crd} }`,
      'spec:',
      `  group: ${group}`,
      '  scope: Namespaced',
      '  names: { plural: gizmos, singular: gizmo, kind: Gizmo, listKind: GizmoList }',
      '  versions:',
      '    - name: v1',
      '      served: true',
      '      storage: true',
      '      subresources: { status: {} }',
      '      schema:',
      '        openAPIV3Schema:',
      '          type: object',
      '          properties:',
      '            spec: { type: object, properties: { size: { type: integer } } }',
      '            status: { type: object, x-kubernetes-preserve-unknown-fields: true }',
    ].join('\n'),
  );
  const made = await admin('apply', '-f', file);
  expect(made.code, made.stderr).toBe(0);
  // Served at once, as kube-apiserver serves an Established CRD.
  const served = await admin('api-resources', '--api-group', group, '-o', 'name');
  expect(served.stdout.trim()).toBe(`gizmos.${group}`);

  await ConsolePage.signIn(page, 'alice', '/c/dev/new/clusterroles');
  const editor = new RoleEditorPage(page);
  await editor.setName(role);
  await editor.addRule();
  await page.getByRole('button', { name: 'Remove Rule 1 API groups core ("")' }).click();
  await editor.addTokens(1, 'API groups', group);
  // The CRD's plural and its status subresource are suggested for its group.
  await expect(page.locator('datalist option[value="gizmos"]')).toHaveCount(1);
  await expect(page.locator('datalist option[value="gizmos/status"]')).toHaveCount(1);
  // gizmos/status alone serves get, patch and update, as its discovery entry says: no create.
  await editor.addTokens(1, 'Resources', 'gizmos/status');
  await expect(editor.verb(1, 'patch')).toBeVisible();
  await expect(editor.verb(1, 'create')).toHaveCount(0);
  await page.getByRole('button', { name: 'Remove Rule 1 Resources gizmos/status' }).click();
  await editor.addTokens(1, 'Resources', 'gizmos');
  await expect(
    page.getByRole('list', { name: 'Rule 1 names the cluster does not serve' }),
  ).toHaveCount(0);
  await expect(editor.verb(1, 'create')).toBeVisible();
  for (const verb of ['get', 'list', 'create']) await editor.verb(1, verb).check();
  await page.screenshot({ path: test.info().outputPath('crd-rule.png'), fullPage: true });
  await editor.submit();
  await new RoleDetailPage(page).expectLoaded(role);

  const saved = await admin('get', 'clusterrole', role, '-o', 'jsonpath={.rules[0]}');
  const rule = JSON.parse(saved.stdout) as {
    apiGroups: string[];
    resources: string[];
    verbs: string[];
  };
  expect(rule.apiGroups).toEqual([group]);
  expect(rule.resources).toEqual(['gizmos']);
  expect([...rule.verbs].sort()).toEqual(['create', 'get', 'list', 'watch']);

  // The rule is what the API server enforces for the custom resource, once bound.
  const bound = await admin(
    'create',
    'rolebinding',
    role,
    '-n',
    'payments',
    `--clusterrole=${role}`,
    `--user=${id}-user`,
  );
  expect(bound.code, bound.stderr).toBe(0);
  const can = (verb: string) =>
    admin('auth', 'can-i', verb, `gizmos.${group}`, '-n', 'payments', '--as', `${id}-user`);
  expect((await can('create')).stdout.trim()).toBe('yes');
  expect((await can('delete')).stdout.trim()).toBe('no');
});
