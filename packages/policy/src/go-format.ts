// Go's fmt verbs the API server uses in its messages (%q on strings and string slices, %#v on them).

const HEX = '0123456789abcdef';

function hex(code: number, width: number): string {
  let s = '';
  for (let i = width - 1; i >= 0; i--) s += HEX[(code >> (4 * i)) & 15];
  return s;
}

/** Printable per Go's unicode.IsPrint, approximated: control and unpaired surrogates are not printable. */
function isPrintable(code: number): boolean {
  if (code < 0x20 || code === 0x7f) return false;
  if (code >= 0x80 && code < 0xa0) return false;
  if (code === 0xad) return false;
  if (code >= 0xd800 && code <= 0xdfff) return false;
  if (code === 0x2028 || code === 0x2029 || code === 0xfeff) return false;
  return true;
}

const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** strconv.Quote: Go's `%q` of a string. */
export function goQuote(value: string): string {
  // Printable ASCII without quotes or backslashes is the common case and needs no escaping.
  if (PLAIN.test(value)) return `"${value}"`;
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (isPrintable(code)) out += ch;
    else if (code < 0x80) out += `\\x${hex(code, 2)}`;
    else if (code >= 0xd800 && code <= 0xdfff) out += '\\ufffd';
    else if (code < 0x10000) out += `\\u${hex(code, 4)}`;
    else out += `\\U${hex(code, 8)}`;
  }
  return out + '"';
}

/** `%q` of a []string: `["a" "b"]`. */
export function goQuoteList(values: readonly string[] | null | undefined): string {
  return `[${(values ?? []).map(goQuote).join(' ')}]`;
}

/** `%#v` of a []string: `[]string{"a", "b"}` (`[]string(nil)` for nil). */
export function goSliceLiteral(values: readonly string[] | null | undefined): string {
  if (values == null) return '[]string(nil)';
  return `[]string{${values.map(goQuote).join(', ')}}`;
}

/** Go's len() of a string: its UTF-8 byte length. */
export function utf8Length(value: string): number {
  let n = 0;
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    n += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return n;
}

/** utilerrors.NewAggregate(errs).Error(): one message alone, several de-duplicated in brackets. */
export function aggregateMessage(messages: readonly string[]): string {
  if (messages.length === 1) return messages[0] ?? '';
  const seen = [...new Set(messages)];
  if (seen.length === 1) return seen[0] ?? '';
  return `[${seen.join(', ')}]`;
}
