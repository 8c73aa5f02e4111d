import { describe, expect, it } from 'vitest';
import { predictBindingWrite, predictRoleWrite } from './predict.js';
import { personas, partiallyKnown } from '../../access/personas.testdata.js';

const secretsReader = [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['secrets'] }];
const nodesReader = [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['nodes'] }];

describe('predictRoleWrite', () => {
  it('allows a Role in bob’s namespace that his admin rules cover', () => {
    expect(predictRoleWrite(personas.bob, 'Role', 'reader', 'payments', secretsReader)).toEqual({
      outcome: 'allowed',
      via: 'covered',
    });
  });

  it('names exactly the rules bob lacks, as atomic rules', () => {
    const p = predictRoleWrite(personas.bob, 'Role', 'reader', 'payments', [
      ...secretsReader,
      ...nodesReader,
    ]);
    expect(p.outcome).toBe('denied');
    expect(p.outcome === 'denied' && p.missing).toEqual([
      { verbs: ['get'], apiGroups: [''], resources: ['nodes'] },
      { verbs: ['list'], apiGroups: [''], resources: ['nodes'] },
    ]);
  });

  it('lets a cluster admin write anything', () => {
    expect(
      predictRoleWrite(personas.alice, 'ClusterRole', 'x', undefined, [
        { verbs: ['*'], nonResourceURLs: ['/metrics'] },
      ]).outcome,
    ).toBe('allowed');
  });

  it('is unknown rather than denied when the review was incomplete', () => {
    expect(
      predictRoleWrite(partiallyKnown, 'ClusterRole', 'x', undefined, nodesReader).outcome,
    ).toBe('unknown');
  });
});

describe('predictBindingWrite', () => {
  it('bob may bind edit (covered by admin) in payments but not cluster-admin', () => {
    const edit = [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }];
    expect(predictBindingWrite(personas.bob, 'ClusterRole', 'edit', 'payments', edit).outcome).toBe(
      'allowed',
    );
    expect(
      predictBindingWrite(personas.bob, 'ClusterRole', 'cluster-admin', 'payments', [
        { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
      ]).outcome,
    ).toBe('denied');
  });

  it('joe may not bind anything that reaches secrets outside his namespace', () => {
    expect(
      predictBindingWrite(personas.joe, 'ClusterRole', 'view', 'payments', secretsReader).outcome,
    ).toBe('denied');
  });
});
