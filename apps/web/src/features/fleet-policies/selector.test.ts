import { describe, expect, it } from 'vitest';
import { formatSelector, parseSelector, selectorMatches } from './selector.js';

function parsed(text: string) {
  const r = parseSelector(text);
  if (!r.ok) throw new Error(`expected ${text} to parse: ${r.error}`);
  return r.selector;
}

describe('parseSelector', () => {
  it('reads equality as matchLabels, with = or ==', () => {
    expect(parsed('env=prod, tier==web')).toEqual({ matchLabels: { env: 'prod', tier: 'web' } });
  });

  it('reads !=, in, notin, exists and !exists as expressions, in the order written', () => {
    expect(
      parsed('app.kubernetes.io/name!=db, tier in (web, api), zone notin (a), team, !legacy'),
    ).toEqual({
      matchExpressions: [
        { key: 'app.kubernetes.io/name', operator: 'NotIn', values: ['db'] },
        { key: 'tier', operator: 'In', values: ['web', 'api'] },
        { key: 'zone', operator: 'NotIn', values: ['a'] },
        { key: 'team', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    });
  });

  it('splits on commas outside parentheses only, and ignores blank terms and spaces', () => {
    expect(parsed('  tier in (a,b,c) ,, env = prod ')).toEqual({
      matchLabels: { env: 'prod' },
      matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b', 'c'] }],
    });
  });

  it('gives an empty selector for empty text', () => {
    expect(parsed('')).toEqual({});
    expect(parsed(' , ')).toEqual({});
  });

  it('refuses a set with no values', () => {
    const r = parseSelector('tier in ()');
    expect(r).toEqual({ ok: false, error: '“tier in ()” needs at least one value' });
  });

  it('refuses one key equal to two values', () => {
    const r = parseSelector('env=prod, env=dev');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('cannot equal both prod and dev');
    // The same value twice is just said twice.
    expect(parsed('env=prod,env=prod')).toEqual({ matchLabels: { env: 'prod' } });
  });

  it('refuses what is not a requirement, naming the term', () => {
    for (const text of ['env=prod, =x', 'env > 3', 'tier in a', '-bad']) {
      const r = parseSelector(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/is not a label requirement/);
    }
  });
});

describe('formatSelector', () => {
  it('writes matchLabels first, then each expression as kubectl -l does', () => {
    expect(
      formatSelector({
        matchLabels: { env: 'prod' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['web', 'api'] },
          { key: 'zone', operator: 'NotIn', values: ['a'] },
          { key: 'team', operator: 'Exists' },
          { key: 'legacy', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('env=prod, tier in (web, api), zone notin (a), team, !legacy');
    expect(formatSelector({})).toBe('');
  });

  it('is read back by parseSelector to the same selector', () => {
    for (const text of [
      'env=prod',
      'env=prod, tier in (web, api)',
      'team, !legacy, zone notin (a, b)',
      'gatehouse.dev/cluster=staging, app.kubernetes.io/part-of in (shop)',
    ]) {
      const once = parsed(text);
      expect(parsed(formatSelector(once)), text).toEqual(once);
    }
  });
});

describe('selectorMatches', () => {
  const labels = { env: 'prod', tier: 'web' };

  it('needs every matchLabel to be equal', () => {
    expect(selectorMatches({ matchLabels: { env: 'prod' } }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { env: 'prod', tier: 'api' } }, labels)).toBe(false);
    expect(selectorMatches({ matchLabels: { zone: '' } }, labels)).toBe(false);
  });

  it('matches each operator as the API server does (NotIn and DoesNotExist hold for an absent key)', () => {
    const m = (
      operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist',
      key: string,
      values?: string[],
    ) =>
      selectorMatches(
        { matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] },
        labels,
      );
    expect(m('In', 'tier', ['web', 'api'])).toBe(true);
    expect(m('In', 'tier', ['api'])).toBe(false);
    expect(m('In', 'zone', ['a'])).toBe(false);
    expect(m('NotIn', 'tier', ['api'])).toBe(true);
    expect(m('NotIn', 'tier', ['web'])).toBe(false);
    expect(m('NotIn', 'zone', ['a'])).toBe(true);
    expect(m('Exists', 'env')).toBe(true);
    expect(m('Exists', 'zone')).toBe(false);
    expect(m('DoesNotExist', 'zone')).toBe(true);
    expect(m('DoesNotExist', 'env')).toBe(false);
  });

  it('matches everything with an empty selector, and nothing with an unknown operator', () => {
    expect(selectorMatches({}, {})).toBe(true);
    expect(
      selectorMatches(
        { matchExpressions: [{ key: 'env', operator: 'Gt', values: ['1'] }] },
        labels,
      ),
    ).toBe(false);
  });
});
