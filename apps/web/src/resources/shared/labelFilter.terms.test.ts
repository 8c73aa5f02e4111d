import { describe, expect, it } from 'vitest';
import { matchesLabels, parseLabelFilter } from './labelFilter.js';

// The list pages' label filter: what each term of kubectl's equality syntax parses to, and what it keeps.
describe('parseLabelFilter', () => {
  it('parses each kind of term, trimming the spaces around keys and values', () => {
    expect(parseLabelFilter(' team = payments , tier!= gold, owner , ! legacy ')).toEqual([
      { op: 'equals', key: 'team', value: 'payments' },
      { op: 'notEquals', key: 'tier', value: 'gold' },
      { op: 'exists', key: 'owner' },
      { op: 'notExists', key: 'legacy' },
    ]);
  });

  it('reads == as =, and keeps an = inside the value', () => {
    expect(parseLabelFilter('a==b')).toEqual([{ op: 'equals', key: 'a', value: 'b' }]);
    expect(parseLabelFilter('a=b=c')).toEqual([{ op: 'equals', key: 'a', value: 'b=c' }]);
  });

  it('drops empty terms, so an empty filter has no terms', () => {
    expect(parseLabelFilter('')).toEqual([]);
    expect(parseLabelFilter(' , ,, ')).toEqual([]);
  });

  it('keeps an empty value, which matches a label set to ""', () => {
    const terms = parseLabelFilter('a=');
    expect(terms).toEqual([{ op: 'equals', key: 'a', value: '' }]);
    expect(matchesLabels({ a: '' }, terms)).toBe(true);
    expect(matchesLabels({ a: 'x' }, terms)).toBe(false);
    expect(matchesLabels({}, terms)).toBe(false);
  });
});

describe('matchesLabels', () => {
  it('keeps everything when there are no terms, labels or not', () => {
    expect(matchesLabels(undefined, [])).toBe(true);
    expect(matchesLabels({ a: 'b' }, [])).toBe(true);
  });

  it('lets != keep objects without the label, as kubectl does', () => {
    const terms = parseLabelFilter('env!=prod');
    expect(matchesLabels({}, terms)).toBe(true);
    expect(matchesLabels({ env: 'dev' }, terms)).toBe(true);
    expect(matchesLabels({ env: 'prod' }, terms)).toBe(false);
  });

  it('looks only at the object’s own labels, never inherited properties', () => {
    expect(matchesLabels({}, parseLabelFilter('constructor'))).toBe(false);
    expect(matchesLabels({}, parseLabelFilter('toString'))).toBe(false);
    expect(matchesLabels({}, parseLabelFilter('!hasOwnProperty'))).toBe(true);
  });

  it('compares values exactly: case and surrounding text count', () => {
    expect(matchesLabels({ team: 'Payments' }, parseLabelFilter('team=payments'))).toBe(false);
    expect(matchesLabels({ team: 'payments-eu' }, parseLabelFilter('team=payments'))).toBe(false);
  });
});
