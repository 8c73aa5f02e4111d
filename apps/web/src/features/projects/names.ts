// Names shown unambiguously: characters that reorder, hide or disguise text are made visible.

/** Bidirectional controls: evil\u202Etxt.exe would read "evilexe.txt". */
const bidi = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
/** Controls, format characters (zero-width space and joiners, U+FEFF) and line separators. */
const hidden = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
const edgeSpace = /^\s|\s$/u;
const scripts = ['Latin', 'Cyrillic', 'Greek', 'Armenian', 'Cherokee', 'Han', 'Arabic', 'Hebrew'];
const scriptRes = scripts.map((s) => [s, new RegExp(`\\p{Script=${s}}`, 'u')] as const);

/** Why a name may not be what it looks like; empty when it is plain. */
export function nameWarnings(name: string): string[] {
  const out: string[] = [];
  if (bidi.test(name)) out.push('contains bidirectional control characters that reorder text');
  else if (hidden.test(name)) out.push('contains invisible characters');
  if (edgeSpace.test(name)) out.push('starts or ends with whitespace');
  const used = scriptRes.filter(([, re]) => re.test(name)).map(([s]) => s);
  if (used.length > 1)
    out.push(`mixes scripts (${used.join(', ')}), e.g. a Cyrillic letter in a Latin name`);
  return out;
}

/** The name with every bidi, invisible or edge-space character written out as \uXXXX. */
export function visibleName(name: string): string {
  const chars = [...name];
  return chars
    .map((ch, i) => {
      const edge = (i === 0 || i === chars.length - 1) && /\s/u.test(ch);
      if (!edge && !bidi.test(ch) && !hidden.test(ch)) return ch;
      return `\\u${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    })
    .join('');
}
