// equality.Semantic.DeepEqual over JSON: absent, null and empty lists/strings/maps are the same Go zero value.

function isZero(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === 0 || value === false)
    return true;
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isZero(a) && isZero(b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => semanticEqual(v, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    for (const key of new Set([...Object.keys(ao), ...Object.keys(bo)])) {
      if (!semanticEqual(ao[key], bo[key])) return false;
    }
    return true;
  }
  // A map absent on one side and empty on the other.
  const emptyMap = (v: unknown): boolean =>
    isZero(v) || (typeof v === 'object' && v !== null && Object.keys(v).length === 0);
  return emptyMap(a) && emptyMap(b);
}

/** IsOnlyMutatingGCFields: the update changes nothing but ownerReferences, finalizers, selfLink, managedFields. */
export function isOnlyMutatingGCFields(
  object: { metadata: object },
  oldObject: { metadata: object },
): boolean {
  const strip = (o: { metadata: object }): object => {
    const {
      ownerReferences: _o,
      finalizers: _f,
      selfLink: _s,
      managedFields: _m,
      ...metadata
    } = o.metadata as Record<string, unknown>;
    return { ...o, metadata };
  };
  return semanticEqual(strip(object), strip(oldObject));
}
