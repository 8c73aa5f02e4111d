// The built artefact: plain Node imports dist/index.js (after `pnpm build`) with the same API as src.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

describe('dist', () => {
  it('is importable by plain Node and exports what src exports', () => {
    expect(existsSync(dist), 'run `pnpm --filter @gatehouse/policy build` first').toBe(true);
    const script = `import(${JSON.stringify(dist)}).then((m) => {
      const a = m.createAuthorizer({ clusterRoles: [{ metadata: { name: 'r' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] }], roles: [], clusterRoleBindings: [{ metadata: { name: 'b' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'r' }, subjects: [{ kind: 'User', name: 'u' }] }], roleBindings: [] });
      console.log(JSON.stringify({ keys: Object.keys(m).sort(), reason: a.authorize({ name: 'u', groups: [] }, { verb: 'get', apiGroup: '', resource: 'pods', namespace: 'x' }).reason }));
    });`;
    const out = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }),
    ) as { keys: string[]; reason: string };
    expect(out.keys).toEqual(Object.keys(api).sort());
    expect(out.reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "b" of ClusterRole "r" to User "u"',
    );
  });
});
