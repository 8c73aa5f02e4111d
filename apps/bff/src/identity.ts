// What a user or group name must look like before it is believed or sent as an Impersonate-* header.
//
// kube-apiserver reads Impersonate-User and Impersonate-Group through Go's net/http, whose header
// parser (textproto.Reader.readContinuedLineSlice / textproto.TrimString) drops leading and trailing
// spaces and tabs; Node's parser does the same. So " system:masters" sent by the BFF arrives as
// "system:masters". Names are therefore never trimmed here, only refused, and the system: check
// runs on a value that cannot change on the way.

/** Bidirectional controls and marks: they reorder what is shown (evil\u202Etxt.exe reads evilexe.txt). */
const bidi = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
/** Invisible characters that are not format characters (combining joiners, fillers, variation selectors). */
const invisibleRanges: Array<[number, number]> = [
  [0x034f, 0x034f],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xffa0, 0xffa0],
  [0xe0100, 0xe01ef],
];
const isInvisible = (value: string): boolean =>
  [...value].some((ch) => {
    const cp = ch.codePointAt(0)!;
    return invisibleRanges.some(([lo, hi]) => cp >= lo && cp <= hi);
  });
/** C0, DEL and C1 controls (CR, LF and NUL split or cut header lines; tab is trimmed like a space), and line separators. */
const control = /[\p{Cc}\u2028\u2029]/u;
/** Format characters (Unicode category Cf): zero-width space and joiners, U+FEFF, U+00AD, tag characters. */
const format = /\p{Cf}/u;
/** JavaScript's \s: ASCII and Unicode spaces, line separators and U+FEFF. */
const edgeSpace = /^\s|\s$/u;

/** Why a user or group name cannot be used, or undefined when it can. */
export function identityProblem(value: string): string | undefined {
  if (value === '') return 'is empty';
  if (control.test(value)) return 'contains a control character (such as CR, LF, NUL or tab)';
  if (bidi.test(value)) return 'contains a bidirectional text control character';
  if (format.test(value) || isInvisible(value))
    return 'contains an invisible (zero-width or format) character';
  if (edgeSpace.test(value)) return 'has leading or trailing whitespace';
  return undefined;
}

/** Names Kubernetes keeps for itself; refused from IdPs and invitations. */
export function isReservedIdentity(value: string): boolean {
  return value.startsWith('system:');
}

/** A name as it can be shown in an error: every character outside printable ASCII escaped as \uXXXX. */
export function describeIdentity(value: string): string {
  let out = '';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x20 && cp < 0x7f && ch !== '"' && ch !== '\\') out += ch;
    else if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else
      out +=
        cp > 0xffff
          ? `\\u{${cp.toString(16).toUpperCase()}}`
          : `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `"${out}"`;
}

/** Thrown by the header builder; the error handler answers 500 with a generic message and logs this one. */
export class UnsafeIdentityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeIdentityError';
  }
}

/**
 * Defence in depth for the header builder: whatever let a bad name into a session, it is not sent.
 * Sign-in and invitations refuse such names first, so reaching this is a bug in the BFF.
 */
export function assertHeaderSafeIdentity(kind: 'user' | 'group', value: string): void {
  const problem = identityProblem(value);
  if (problem)
    throw new UnsafeIdentityError(
      `refusing to impersonate ${kind} ${describeIdentity(value)}: it ${problem}`,
    );
}
