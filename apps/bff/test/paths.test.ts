import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseKubeTarget, PathRefused } from '../src/proxy/paths.js';

function refusal(url: string): number | undefined {
  try {
    parseKubeTarget(url);
    return undefined;
  } catch (err) {
    if (err instanceof PathRefused) return err.code;
    throw err;
  }
}

describe('parseKubeTarget', () => {
  it('accepts the paths the web app needs and names what they address', () => {
    const rb = parseKubeTarget(
      '/k8s/dev/apis/rbac.authorization.k8s.io/v1/namespaces/payments/rolebindings/view?dryRun=All',
    );
    expect(rb).toMatchObject({
      cluster: 'dev',
      upstreamPath:
        '/apis/rbac.authorization.k8s.io/v1/namespaces/payments/rolebindings/view?dryRun=All',
      apiGroup: 'rbac.authorization.k8s.io',
      resource: 'rolebindings',
      namespace: 'payments',
      name: 'view',
      mutating: true,
      watch: false,
    });
    expect(
      parseKubeTarget(
        '/k8s/dev/apis/rbac.authorization.k8s.io/v1/clusterroles?watch=1&resourceVersion=5',
      ),
    ).toMatchObject({
      resource: 'clusterroles',
      watch: true,
    });
    expect(parseKubeTarget('/k8s/dev/api/v1/namespaces/a/serviceaccounts/robot')).toMatchObject({
      resource: 'serviceaccounts',
      name: 'robot',
    });
    expect(parseKubeTarget('/k8s/dev/version').methods.has('POST')).toBe(false);
    expect(
      parseKubeTarget('/k8s/dev/apis/authorization.k8s.io/v1/selfsubjectaccessreviews'),
    ).toMatchObject({ mutating: false });
  });

  it('decodes an encoded colon in a role name and re-encodes it upstream', () => {
    const t = parseKubeTarget(
      '/k8s/dev/apis/rbac.authorization.k8s.io/v1/clusterroles/system%3Aauth-delegator',
    );
    expect(t.name).toBe('system:auth-delegator');
    expect(t.upstreamPath).toBe(
      '/apis/rbac.authorization.k8s.io/v1/clusterroles/system%3Aauth-delegator',
    );
  });

  it.each([
    '/k8s/dev/api/v1/namespaces/../secrets',
    '/k8s/dev/api/v1/namespaces/..%2f..%2fsecrets',
    '/k8s/dev/api/v1/namespaces/%2e%2e/secrets',
    '/k8s/dev/api/v1/namespaces/%2E%2E',
    '/k8s/dev/api/v1/namespaces/./default',
    '/k8s/dev//api/v1/namespaces',
    '/k8s/dev/api/v1/namespaces/',
    '/k8s/dev/api/v1/namespaces/a%5c..%5csecrets',
    '/k8s/dev/api/v1/namespaces/%252e%252e',
    '/k8s/dev/api/v1/namespaces/a%00b',
    '/k8s/dev/api/v1/namespaces/%zz',
    '/k8s/dev/api/v1/namespaces?x=<script>',
  ])('refuses %s as a bad request', (url) => {
    expect(refusal(url)).toBe(400);
  });

  it('refuses absolute-form targets', () => {
    expect(refusal('http://evil.example/k8s/dev/api')).toBe(400);
    expect(refusal('/k8s/https:%2f%2fevil.example/api')).toBe(400);
  });

  it.each([
    '/k8s/dev/api/v1/namespaces/default/secrets',
    '/k8s/dev/api/v1/secrets',
    '/k8s/dev/api/v1/namespaces/default/pods/x/exec',
    '/k8s/dev/api/v1/nodes/n1/proxy/x',
    '/k8s/dev/apis/apps/v1/namespaces/default/deployments',
    '/k8s/dev/apis/rbac.authorization.k8s.io/v1/namespaces/a/clusterroles',
    '/k8s/dev/apis/rbac.authorization.k8s.io/v1/roles/x',
    '/k8s/dev/apis/authentication.k8s.io/v1/tokenreviews',
    '/k8s/dev/api/v1/namespaces/a/serviceaccounts/b/c',
    '/k8s/dev/api/v1/namespaces/a/serviceaccounts/robot/token',
    '/k8s/dev',
  ])('keeps %s off the allowlist', (url) => {
    expect(refusal(url)).toBe(403);
  });
});

describe('parseKubeTarget under fuzzing', () => {
  const allowedResources = [
    'namespaces',
    'serviceaccounts',
    'roles',
    'rolebindings',
    'clusterroles',
    'clusterrolebindings',
    'selfsubjectaccessreviews',
    'selfsubjectrulesreviews',
    'subjectaccessreviews',
    'localsubjectaccessreviews',
    'selfsubjectreviews',
  ];
  const segment = fc.oneof(
    fc.constantFrom(
      '..',
      '.',
      '',
      '%2e%2e',
      '%2E.',
      '%2f',
      '%5c',
      '%252e',
      'api',
      'apis',
      'v1',
      'namespaces',
      'secrets',
      'rbac.authorization.k8s.io',
      'clusterroles',
      'system%3Aadmin',
    ),
    fc.string({ maxLength: 12 }),
  );
  const target = fc
    .tuple(
      fc.array(segment, { maxLength: 8 }),
      fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
    )
    .map(([segs, query]) => `/k8s/dev/${segs.join('/')}${query === undefined ? '' : `?${query}`}`);

  it('either refuses or yields a clean upstream path on the allowlist', () => {
    fc.assert(
      fc.property(target, (url) => {
        let t;
        try {
          t = parseKubeTarget(url);
        } catch (err) {
          expect(err).toBeInstanceOf(PathRefused);
          return;
        }
        const [path = ''] = t.upstreamPath.split('?');
        const segs = path.slice(1).split('/').map(decodeURIComponent);
        expect(path.startsWith('/')).toBe(true);
        expect(segs.every((s) => s !== '' && s !== '.' && s !== '..' && !/[/\\%]/.test(s))).toBe(
          true,
        );
        expect(['version', 'api', 'apis']).toContain(segs[0]);
        expect([undefined, ...allowedResources]).toContain(t.resource);
        // Normalising is idempotent: the path sent upstream parses to the same target.
        expect(parseKubeTarget(`/k8s/dev${t.upstreamPath}`)).toEqual(t);
      }),
      { numRuns: 5000 },
    );
  });
});
