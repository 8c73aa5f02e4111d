import { describe, expect, it } from 'vitest';
import { nameWarnings, visibleName } from './names.js';

// Names shown unambiguously in the collaborators table and the invite and remove dialogs.
describe('nameWarnings', () => {
  it('says nothing about a plain name, with dots, @ or inner spaces', () => {
    expect(nameWarnings('joe')).toEqual([]);
    expect(nameWarnings('carol@example.com')).toEqual([]);
    expect(nameWarnings('Site Reliability')).toEqual([]);
  });

  it('flags bidirectional overrides, once, even though they are also invisible', () => {
    expect(nameWarnings('evil\u202Etxt.exe')).toEqual([
      'contains bidirectional control characters that reorder text',
    ]);
  });

  it('flags zero-width and format characters', () => {
    expect(nameWarnings('jo\u200Be')).toEqual(['contains invisible characters']);
    // U+FEFF is whitespace to JavaScript too: at the start it is both.
    expect(nameWarnings('\uFEFFjoe')).toEqual([
      'contains invisible characters',
      'starts or ends with whitespace',
    ]);
  });

  it('flags whitespace at either end but not inside', () => {
    expect(nameWarnings(' joe')).toEqual(['starts or ends with whitespace']);
    expect(nameWarnings('joe\t')).toContain('starts or ends with whitespace');
  });

  it('flags a name mixing scripts, naming them', () => {
    expect(nameWarnings('j\u043Ee')).toEqual([
      'mixes scripts (Latin, Cyrillic), e.g. a Cyrillic letter in a Latin name',
    ]);
    // One script alone, even not Latin, is no warning.
    expect(nameWarnings('\u0436\u043E\u0440\u0430')).toEqual([]);
  });
});

describe('visibleName', () => {
  it('writes out bidi and invisible characters as \\uXXXX and leaves the rest', () => {
    expect(visibleName('evil\u202Etxt.exe')).toBe('evil\\u202Etxt.exe');
    expect(visibleName('\uFEFFjoe')).toBe('\\uFEFFjoe');
    expect(visibleName('jo\u200De')).toBe('jo\\u200De');
  });

  it('writes out spaces only at the ends', () => {
    expect(visibleName(' a b ')).toBe('\\u0020a b\\u0020');
  });

  it('keeps letters of other scripts as they are (they are warned about, not rewritten)', () => {
    expect(visibleName('j\u043Ee')).toBe('j\u043Ee');
  });
});
