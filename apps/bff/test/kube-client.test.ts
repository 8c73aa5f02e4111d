import { afterAll, describe, expect, it } from 'vitest';
import { staticAuth } from '../src/bff-auth.js';
import { KubeClient } from '../src/kube-client.js';

describe('headers sent to a cluster', () => {
  const withToken = new KubeClient(
    {
      id: 'c',
      name: 'c',
      server: 'https://127.0.0.1:1',
      source: 'kubeconfig',
      bffAuth: staticAuth({ token: 'bff-token' }, 'token'),
    },
    1000,
  );
  afterAll(() => withToken.close());

  it('are made from the actor alone: exactly these, nothing a client sent', () => {
    expect(
      withToken.headersFor(
        {
          actor: { kind: 'impersonate', user: 'carol', groups: ['devs', 'system:authenticated'] },
        },
        'bff-token',
      ),
    ).toEqual({
      accept: 'application/json',
      'user-agent': 'gatehouse-bff',
      authorization: 'Bearer bff-token',
      'impersonate-user': 'carol',
      'impersonate-group': ['devs', 'system:authenticated'],
    });
    expect(
      withToken.headersFor(
        {
          actor: { kind: 'token', token: 'users-own' },
          contentType: 'application/json',
        },
        'bff-token',
      ),
    ).toEqual({
      accept: 'application/json',
      'user-agent': 'gatehouse-bff',
      'content-type': 'application/json',
      authorization: 'Bearer users-own',
    });
    expect(withToken.headersFor({ actor: { kind: 'bff' } }, 'bff-token')).toEqual({
      accept: 'application/json',
      'user-agent': 'gatehouse-bff',
      authorization: 'Bearer bff-token',
    });
  });

  it('impersonate without any Authorization when the BFF authenticates by client certificate', () => {
    const withCert = new KubeClient(
      {
        id: 'c',
        name: 'c',
        server: 'https://127.0.0.1:1',
        source: 'kubeconfig',
        bffAuth: staticAuth({}, 'client certificate'),
      },
      1000,
    );
    const h = withCert.headersFor({ actor: { kind: 'impersonate', user: 'bob', groups: [] } });
    withCert.close();
    expect(h.authorization).toBeUndefined();
    expect(h['impersonate-user']).toBe('bob');
    expect(h['impersonate-group']).toBeUndefined();
  });
});
