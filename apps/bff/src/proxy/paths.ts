/** What a proxied Kubernetes path names, for the allowlist and the audit log. */
export interface KubeTarget {
  cluster: string;
  /** Normalised path and query to send upstream. */
  upstreamPath: string;
  methods: ReadonlySet<string>;
  watch: boolean;
  /** `dryRun=All`: the cluster checks and answers but stores nothing. */
  dryRun: boolean;
  /** Whether a successful unsafe call changes stored state (reviews do not). */
  mutating: boolean;
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export class PathRefused extends Error {
  constructor(
    readonly code: 400 | 403 | 404,
    message: string,
  ) {
    super(message);
  }
}

const read = new Set(['GET']);
const readWrite = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const createOnly = new Set(['POST']);
const rbacResources = new Set(['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings']);
const clusterScopedRbac = new Set(['clusterroles', 'clusterrolebindings']);
const reviewResources = new Set([
  'selfsubjectaccessreviews',
  'selfsubjectrulesreviews',
  'subjectaccessreviews',
]);
const clusterIdPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// Raw query characters a Kubernetes client sends (RFC 3986 query, no fragment, no spaces).
const queryPattern = /^[A-Za-z0-9._~!$&'()*+,;=:@/?%-]*$/;

/**
 * Parses the raw request target of `/k8s/<cluster>/<path>` without trusting any decoding done
 * before: refuses traversal (`..`, `.`, encoded or not), empty segments (`//`), encoded slashes
 * and backslashes, double encoding and absolute-form targets; then matches the allowlist.
 */
export function parseKubeTarget(rawUrl: string): KubeTarget {
  if (!rawUrl.startsWith('/k8s/'))
    throw new PathRefused(400, 'only origin-form request targets under /k8s/ are proxied');
  const q = rawUrl.indexOf('?');
  const rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const rawQuery = q === -1 ? '' : rawUrl.slice(q + 1);
  if (!queryPattern.test(rawQuery))
    throw new PathRefused(400, 'query string has characters Kubernetes clients do not send');
  const segments = rawPath.slice('/k8s/'.length).split('/').map(decodeSegment);
  const [cluster, ...rest] = segments;
  if (!cluster || !clusterIdPattern.test(cluster))
    throw new PathRefused(400, 'bad cluster id in path');
  const matched = matchAllowlist(rest);
  if (!matched) throw new PathRefused(403, `path /${rest.join('/')} is not on the BFF's allowlist`);
  const query = new URLSearchParams(rawQuery);
  const watch = ['1', 'true'].includes(query.get('watch') ?? '');
  const dryRun = query.getAll('dryRun').includes('All');
  const upstreamPath =
    '/' + rest.map(encodeURIComponent).join('/') + (rawQuery ? `?${rawQuery}` : '');
  return { cluster, upstreamPath, watch, dryRun, ...matched };
}

function decodeSegment(raw: string): string {
  if (raw === '') throw new PathRefused(400, 'empty path segment (//) refused');
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw new PathRefused(400, 'malformed percent-encoding in path');
  }
  if (decoded === '.' || decoded === '..') throw new PathRefused(400, 'path traversal refused');
  // Encoded separators or a second layer of encoding would be decoded again by someone else.
  if (/[/\\%?#]/.test(decoded) || [...decoded].some((ch) => ch <= ' ' || ch === '\x7f')) {
    throw new PathRefused(
      400,
      'path segment with an encoded separator, traversal or control character refused',
    );
  }
  return decoded;
}

type Match = Omit<KubeTarget, 'cluster' | 'upstreamPath' | 'watch' | 'dryRun'>;

function matchAllowlist(s: string[]): Match | undefined {
  const [a, b, c, ...rest] = s;
  if (s.length === 1 && (a === 'version' || a === 'api' || a === 'apis')) return discovery();
  if (a === 'api' && b === 'v1') {
    if (s.length === 2) return discovery();
    return matchCore(s.slice(2));
  }
  if (a !== 'apis' || !b) return undefined;
  if (s.length <= 3) return discovery();
  if (b === 'rbac.authorization.k8s.io' && c === 'v1') return matchRbac(rest);
  if (b === 'authorization.k8s.io' && c === 'v1') {
    const [x, ns, res, ...more] = rest;
    if (rest.length === 1 && x && reviewResources.has(x)) return review(b, x);
    if (x === 'namespaces' && ns && res === 'localsubjectaccessreviews' && more.length === 0)
      return review(b, res, ns);
    return undefined;
  }
  if (
    b === 'authentication.k8s.io' &&
    c === 'v1' &&
    rest.length === 1 &&
    rest[0] === 'selfsubjectreviews'
  )
    return review(b, 'selfsubjectreviews');
  return undefined;
}

function discovery(): Match {
  return { methods: read, mutating: false };
}

function review(apiGroup: string, resource: string, namespace?: string): Match {
  return { methods: createOnly, mutating: false, apiGroup, resource, namespace };
}

function resource(
  apiGroup: string,
  res: string,
  namespace?: string,
  name?: string,
  subresource?: string,
): Match {
  return {
    methods: readWrite,
    mutating: true,
    apiGroup,
    resource: res,
    namespace,
    name,
    subresource,
  };
}

function matchCore(s: string[]): Match | undefined {
  const [a, ns, res, name, sub, ...more] = s;
  if (more.length) return undefined;
  if (a === 'serviceaccounts' && s.length === 1)
    return { methods: read, mutating: false, apiGroup: '', resource: a };
  if (a !== 'namespaces') return undefined;
  if (s.length <= 2) return resource('', 'namespaces', undefined, ns);
  if (res !== 'serviceaccounts') return undefined;
  // No subresource: serviceaccounts/token would let any `edit` holder mint tokens through the
  // console, and no page needs it (kubeconfigs are issued by the BFF as gatehouse-controller).
  if (sub !== undefined) return undefined;
  return resource('', res, ns, name, sub);
}

function matchRbac(s: string[]): Match | undefined {
  const group = 'rbac.authorization.k8s.io';
  const [a, b, c, d, ...more] = s;
  if (more.length || !a) return undefined;
  if (a === 'namespaces') {
    if (!b || !c || !rbacResources.has(c) || clusterScopedRbac.has(c)) return undefined;
    return resource(group, c, b, d);
  }
  if (!rbacResources.has(a) || s.length > 2) return undefined;
  // roles and rolebindings without a namespace are list/watch across all namespaces only.
  if (!clusterScopedRbac.has(a))
    return s.length === 1
      ? { methods: read, mutating: false, apiGroup: group, resource: a }
      : undefined;
  return resource(group, a, undefined, b);
}
