// Turns an HTTP request into the attributes RBAC sees, as apiserver's RequestInfoFactory does.

export interface ResourceRequestInfo {
  kind: 'resource';
  verb: string;
  apiPrefix: 'api' | 'apis';
  group: string;
  version: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  /** Name from the URL only (the authorization name may also come from a field selector). */
  urlName: string;
}

export interface NonResourceRequestInfo {
  kind: 'nonresource';
  verb: string;
  path: string;
}

export type RequestInfo = ResourceRequestInfo | NonResourceRequestInfo;

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/**
 * The name a field selector pins, as fields.Selector.RequiresExactMatch("metadata.name") finds it
 * (`metadata.name=x` or `metadata.name==x` among the comma-separated terms), if it is a valid path
 * segment name (not `.` or `..`, no `/` or `%`), as requestinfo.go requires.
 */
function fieldSelectorName(q: URLSearchParams): string {
  for (const term of (q.get('fieldSelector') ?? '').split(',')) {
    const m = /^metadata\.name==?([^=].*|)$/.exec(term);
    if (!m) continue;
    const name = m[1] ?? '';
    if (name === '' || name === '.' || name === '..' || /[/%]/.test(name)) return '';
    return name;
  }
  return '';
}

function isWatch(q: URLSearchParams): boolean {
  const w = q.get('watch');
  return w === 'true' || w === '1';
}

export function parseRequestInfo(method: string, path: string, q: URLSearchParams): RequestInfo {
  const nonResource: NonResourceRequestInfo = {
    kind: 'nonresource',
    verb: method.toLowerCase(),
    path,
  };
  const parts = path.split('/').filter((p) => p !== '');
  const prefix = parts[0];
  if (prefix !== 'api' && prefix !== 'apis') return nonResource;
  let rest = parts.slice(1);
  let group = '';
  if (prefix === 'apis') {
    if (rest.length < 3) return nonResource;
    group = rest[0] ?? '';
    rest = rest.slice(1);
  } else if (rest.length < 2) return nonResource;
  const version = rest[0] ?? '';
  rest = rest.slice(1);

  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  let namespace = '';
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1] ?? '';
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2] ?? '')) rest = rest.slice(2);
  }
  const resource = rest[0] ?? '';
  const name = rest[1] ?? '';
  const subresource = rest[2] ?? '';

  let verb: string;
  // A list or watch without a name in the path is authorized for the one object a
  // `metadata.name` field selector pins (not for the legacy /watch/ prefix), so a Role with
  // resourceNames can allow watching that object.
  let authorizedName = name;
  switch (method) {
    case 'GET':
    case 'HEAD':
      verb = watchPath || isWatch(q) ? 'watch' : name ? 'get' : 'list';
      if (!watchPath && !name) authorizedName = fieldSelectorName(q);
      break;
    case 'POST':
      verb = 'create';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = name ? 'delete' : 'deletecollection';
      break;
    default:
      verb = method.toLowerCase();
  }
  return {
    kind: 'resource',
    verb,
    apiPrefix: prefix,
    group,
    version,
    resource,
    subresource,
    namespace,
    name: authorizedName,
    urlName: name,
  };
}
