import { describe, expect, it } from 'vitest';
import {
  parseServiceAccountUsername,
  ruleAllows,
  rulesAllow,
  serviceAccountGroups,
  serviceAccountUsername,
} from '../src/index.js';
import type { PolicyRule } from '../src/index.js';

const res = (
  verb: string,
  apiGroup: string,
  resource: string,
  extra: { subresource?: string; name?: string; namespace?: string } = {},
) => ({
  verb,
  apiGroup,
  resource,
  ...extra,
});

describe('ruleAllows: verbs', () => {
  const rule: PolicyRule = { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] };
  it('matches a listed verb, case-sensitively', () => {
    expect(ruleAllows(rule, res('get', '', 'pods'))).toBe(true);
    expect(ruleAllows(rule, res('GET', '', 'pods'))).toBe(false);
    expect(ruleAllows(rule, res('watch', '', 'pods'))).toBe(false);
  });
  it('* matches every verb, an empty list none', () => {
    expect(ruleAllows({ ...rule, verbs: ['*'] }, res('escalate', '', 'pods'))).toBe(true);
    expect(ruleAllows({ ...rule, verbs: [] }, res('get', '', 'pods'))).toBe(false);
  });
});

describe('ruleAllows: api groups', () => {
  it('"" is the core group, matched only by "" or *', () => {
    expect(
      ruleAllows({ apiGroups: [''], resources: ['pods'], verbs: ['get'] }, res('get', '', 'pods')),
    ).toBe(true);
    expect(
      ruleAllows(
        { apiGroups: ['apps'], resources: ['pods'], verbs: ['get'] },
        res('get', '', 'pods'),
      ),
    ).toBe(false);
    expect(
      ruleAllows(
        { apiGroups: ['*'], resources: ['pods'], verbs: ['get'] },
        res('get', 'anything.io', 'pods'),
      ),
    ).toBe(true);
    expect(
      ruleAllows(
        { apiGroups: [''], resources: ['deployments'], verbs: ['get'] },
        res('get', 'apps', 'deployments'),
      ),
    ).toBe(false);
  });
  it('absent or empty apiGroups match nothing', () => {
    expect(ruleAllows({ resources: ['pods'], verbs: ['get'] }, res('get', '', 'pods'))).toBe(false);
    expect(
      ruleAllows({ apiGroups: [], resources: ['pods'], verbs: ['get'] }, res('get', '', 'pods')),
    ).toBe(false);
  });
});

describe('ruleAllows: resources and subresources', () => {
  const r = (resources: string[]): PolicyRule => ({ apiGroups: ['*'], resources, verbs: ['*'] });
  it('pods does not match pods/log and pods/log does not match pods', () => {
    expect(ruleAllows(r(['pods']), res('get', '', 'pods', { subresource: 'log' }))).toBe(false);
    expect(ruleAllows(r(['pods/log']), res('get', '', 'pods'))).toBe(false);
    expect(ruleAllows(r(['pods/log']), res('get', '', 'pods', { subresource: 'log' }))).toBe(true);
  });
  it('* matches every resource and subresource', () => {
    expect(ruleAllows(r(['*']), res('get', '', 'pods', { subresource: 'exec' }))).toBe(true);
    expect(ruleAllows(r(['*']), res('get', '', 'secrets'))).toBe(true);
  });
  it('*/sub matches that subresource of any resource, never a bare resource or another subresource', () => {
    expect(
      ruleAllows(r(['*/scale']), res('update', 'apps', 'deployments', { subresource: 'scale' })),
    ).toBe(true);
    expect(
      ruleAllows(r(['*/scale']), res('update', '', 'anything', { subresource: 'scale' })),
    ).toBe(true);
    expect(ruleAllows(r(['*/scale']), res('update', 'apps', 'deployments'))).toBe(false);
    expect(
      ruleAllows(r(['*/scale']), res('update', 'apps', 'deployments', { subresource: 'status' })),
    ).toBe(false);
    expect(
      ruleAllows(r(['x/scale']), res('update', 'apps', 'deployments', { subresource: 'scale' })),
    ).toBe(false);
  });
  it('pods/* and */* are literal strings', () => {
    expect(ruleAllows(r(['pods/*']), res('get', '', 'pods', { subresource: 'log' }))).toBe(false);
    expect(ruleAllows(r(['*/*']), res('get', '', 'pods', { subresource: 'log' }))).toBe(false);
    expect(ruleAllows(r(['pods/*']), res('get', '', 'pods', { subresource: '*' }))).toBe(true);
    expect(ruleAllows(r(['*/*']), res('get', '', 'x', { subresource: '*' }))).toBe(true);
  });
  it('is case-sensitive with no plural/singular folding', () => {
    expect(ruleAllows(r(['Pods']), res('get', '', 'pods'))).toBe(false);
    expect(ruleAllows(r(['pod']), res('get', '', 'pods'))).toBe(false);
  });
});

describe('ruleAllows: resourceNames', () => {
  const rule: PolicyRule = {
    apiGroups: [''],
    resources: ['configmaps'],
    verbs: ['*'],
    resourceNames: ['cfg'],
  };
  it('allows only the named object', () => {
    expect(ruleAllows(rule, res('get', '', 'configmaps', { name: 'cfg' }))).toBe(true);
    expect(ruleAllows(rule, res('get', '', 'configmaps', { name: 'other' }))).toBe(false);
  });
  it('never allows list, watch, create or deletecollection (no name)', () => {
    for (const verb of ['list', 'watch', 'create', 'deletecollection'])
      expect(ruleAllows(rule, res(verb, '', 'configmaps'))).toBe(false);
  });
  it('* in resourceNames is literal; a literal "" matches a nameless request', () => {
    expect(
      ruleAllows({ ...rule, resourceNames: ['*'] }, res('get', '', 'configmaps', { name: 'x' })),
    ).toBe(false);
    expect(ruleAllows({ ...rule, resourceNames: [''] }, res('list', '', 'configmaps'))).toBe(true);
  });
  it('an empty list matches any name or none', () => {
    expect(ruleAllows({ ...rule, resourceNames: [] }, res('list', '', 'configmaps'))).toBe(true);
  });
});

describe('ruleAllows: non-resource URLs', () => {
  const url = (u: string, path: string) =>
    ruleAllows({ nonResourceURLs: [u], verbs: ['get'] }, { verb: 'get', path });
  it('exact paths and *', () => {
    expect(url('/healthz', '/healthz')).toBe(true);
    expect(url('/healthz', '/healthz/')).toBe(false);
    expect(url('*', '/anything')).toBe(true);
  });
  it('only a trailing * is a prefix wildcard', () => {
    expect(url('/apis/*', '/apis/')).toBe(true);
    expect(url('/apis/*', '/apis/v1/x')).toBe(true);
    expect(url('/apis/*', '/apis')).toBe(false);
    expect(url('/healthz*', '/healthzfoo')).toBe(true);
    expect(url('/api**', '/apix')).toBe(true);
    expect(url('/*/v1', '/apis/v1')).toBe(false);
    expect(url('/*/v1', '/*/v1')).toBe(true);
  });
  it('checks the verb', () => {
    expect(
      ruleAllows({ nonResourceURLs: ['/x'], verbs: ['get'] }, { verb: 'post', path: '/x' }),
    ).toBe(false);
  });
  it('resource rules never match paths and URL rules never match resources', () => {
    expect(
      ruleAllows(
        { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
        { verb: 'get', path: '/healthz' },
      ),
    ).toBe(false);
    expect(ruleAllows({ nonResourceURLs: ['*'], verbs: ['*'] }, res('get', '', 'pods'))).toBe(
      false,
    );
  });
});

describe('rulesAllow', () => {
  it('is true when any rule allows', () => {
    const rules: PolicyRule[] = [
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['list'] },
    ];
    expect(rulesAllow(rules, res('list', 'rbac.authorization.k8s.io', 'clusterroles'))).toBe(true);
    expect(rulesAllow(rules, res('list', '', 'pods'))).toBe(false);
    expect(rulesAllow([], res('get', '', 'pods'))).toBe(false);
  });
});

describe('ServiceAccount helpers', () => {
  it('builds and parses system:serviceaccount:NS:NAME', () => {
    expect(serviceAccountUsername('ns1', 'app')).toBe('system:serviceaccount:ns1:app');
    expect(parseServiceAccountUsername('system:serviceaccount:ns1:app')).toEqual({
      namespace: 'ns1',
      name: 'app',
    });
    expect(parseServiceAccountUsername('system:serviceaccount:ns1')).toBeUndefined();
    expect(parseServiceAccountUsername('system:serviceaccount:a:b:c')).toBeUndefined();
    expect(parseServiceAccountUsername('alice')).toBeUndefined();
    expect(parseServiceAccountUsername('system:serviceaccount:NS:app')).toBeUndefined();
    expect(parseServiceAccountUsername('system:serviceaccount:ns:App')).toBeUndefined();
    expect(parseServiceAccountUsername('system:serviceaccount::app')).toBeUndefined();
    expect(serviceAccountGroups('ns1')).toEqual([
      'system:serviceaccounts',
      'system:serviceaccounts:ns1',
    ]);
  });
});
