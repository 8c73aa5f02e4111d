// How deep a JSON text nests, found without parsing or recursion, so the proxy can refuse a body
// that kube-apiserver's decoder would (encoding/json's maxNestingDepth, which sigs.k8s.io/json keeps:
// the 10,001st open `{` or `[` is "exceeded max depth") before it reaches a cluster.

export const MAX_JSON_DEPTH = 10_000;

/** Whether `text` opens more than `limit` nested objects/arrays (outside strings). */
export function jsonDeeperThan(text: Buffer | string, limit = MAX_JSON_DEPTH): boolean {
  const s = typeof text === 'string' ? text : text.toString('utf8');
  let depth = 0;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** The refusal for such a body, or undefined when it is within the limit. */
export function jsonDepthError(text: Buffer | string): string | undefined {
  return jsonDeeperThan(text)
    ? `the request body nests JSON deeper than ${MAX_JSON_DEPTH} levels, which the Kubernetes API server's decoder refuses`
    : undefined;
}
