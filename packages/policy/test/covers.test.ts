// Cases from policy_comparator_test.go and the semantics it implies.
import { describe, expect, it } from 'vitest';
import { rulesCover } from '../src/index.js';
import type { PolicyRule } from '../src/index.js';

const r = (
  apiGroups: string[],
  resources: string[],
  verbs: string[],
  resourceNames?: string[],
): PolicyRule =>
  resourceNames ? { apiGroups, resources, verbs, resourceNames } : { apiGroups, resources, verbs };
const u = (nonResourceURLs: string[], verbs: string[]): PolicyRule => ({ nonResourceURLs, verbs });

describe('rulesCover', () => {
  it('breaks requested rules into atoms and returns the uncovered ones in order', () => {
    const res = rulesCover(
      [r([''], ['pods'], ['get'])],
      [r(['', 'apps'], ['pods', 'deployments'], ['get', 'list'])],
    );
    expect(res.covered).toBe(false);
    expect(res.uncovered).toEqual([
      r([''], ['pods'], ['list']),
      r([''], ['deployments'], ['get']),
      r([''], ['deployments'], ['list']),
      r(['apps'], ['pods'], ['get']),
      r(['apps'], ['pods'], ['list']),
      r(['apps'], ['deployments'], ['get']),
      r(['apps'], ['deployments'], ['list']),
    ]);
  });

  it('never assembles an atom from several owner rules, but each atom may use a different rule', () => {
    expect(
      rulesCover(
        [r([''], ['pods'], ['get']), r([''], ['pods'], ['list'])],
        [r([''], ['pods'], ['get', 'list'])],
      ).covered,
    ).toBe(true);
  });

  it('a requested * is covered only by an owner *', () => {
    expect(
      rulesCover(
        [
          r(
            [''],
            ['pods'],
            ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'],
          ),
        ],
        [r([''], ['pods'], ['*'])],
      ).covered,
    ).toBe(false);
    expect(rulesCover([r(['*'], ['*'], ['*'])], [r(['*'], ['*'], ['*'])]).covered).toBe(true);
    expect(
      rulesCover([r(['', 'apps'], ['pods'], ['get'])], [r(['*'], ['pods'], ['get'])]).covered,
    ).toBe(false);
  });

  it('*/sub covers x/sub; * covers subresources; pods/* is literal', () => {
    expect(
      rulesCover([r([''], ['*/status'], ['get'])], [r([''], ['pods/status'], ['get'])]).covered,
    ).toBe(true);
    expect(rulesCover([r([''], ['*/status'], ['get'])], [r([''], ['pods'], ['get'])]).covered).toBe(
      false,
    );
    expect(rulesCover([r([''], ['*'], ['get'])], [r([''], ['*/status'], ['get'])]).covered).toBe(
      true,
    );
    expect(
      rulesCover([r([''], ['pods/status'], ['get'])], [r([''], ['*/status'], ['get'])]).covered,
    ).toBe(false);
    expect(
      rulesCover([r([''], ['pods/*'], ['get'])], [r([''], ['pods/log'], ['get'])]).covered,
    ).toBe(false);
  });

  it('resourceNames: an unnamed atom needs an unrestricted owner; a named atom is covered by the name or no names', () => {
    expect(
      rulesCover([r([''], ['pods'], ['get'], ['a'])], [r([''], ['pods'], ['get'])]).covered,
    ).toBe(false);
    expect(
      rulesCover([r([''], ['pods'], ['get'], ['a'])], [r([''], ['pods'], ['get'], ['a'])]).covered,
    ).toBe(true);
    expect(
      rulesCover([r([''], ['pods'], ['get'])], [r([''], ['pods'], ['get'], ['a', 'b'])]).covered,
    ).toBe(true);
    const res = rulesCover(
      [r([''], ['pods'], ['get'], ['a'])],
      [r([''], ['pods'], ['get'], ['a', 'b'])],
    );
    expect(res.uncovered).toEqual([r([''], ['pods'], ['get'], ['b'])]);
  });

  it('nonResourceURLs: exact, trailing *, and only URL rules cover URL atoms', () => {
    expect(rulesCover([u(['/api/*'], ['get'])], [u(['/api/v1', '/api/'], ['get'])]).covered).toBe(
      true,
    );
    expect(rulesCover([u(['/api/*'], ['get'])], [u(['/api'], ['get'])]).uncovered).toEqual([
      u(['/api'], ['get']),
    ]);
    expect(rulesCover([u(['*'], ['*'])], [u([''], ['get'])]).covered).toBe(true);
    expect(rulesCover([u(['/*'], ['*'])], [u([''], ['get'])]).covered).toBe(false);
    expect(rulesCover([u(['/*'], ['*'])], [u(['*'], ['get'])]).covered).toBe(false);
    expect(rulesCover([r(['*'], ['*'], ['*'])], [u(['/healthz'], ['get'])]).covered).toBe(false);
    expect(rulesCover([u(['*'], ['*'])], [r([''], ['pods'], ['get'])]).covered).toBe(false);
  });

  it('rules without apiGroups or verbs yield no atoms', () => {
    expect(
      rulesCover([], [{ resources: ['pods'], verbs: ['get'] }, r([''], ['pods'], [])]),
    ).toEqual({ covered: true, uncovered: [] });
  });
});
