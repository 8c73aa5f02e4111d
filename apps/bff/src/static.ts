import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, posix, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** apps/web/dist next to this package, found from dist/static.js. */
export function defaultWebDir(): string {
  return resolve(fileURLToPath(new URL('.', import.meta.url)), '../../web/dist');
}

/** Codings the build writes beside a file (apps/web/build/precompress.ts), in the order preferred. */
const codings = [
  { coding: 'br', suffix: '.br' },
  { coding: 'gzip', suffix: '.gz' },
] as const;
type Coding = (typeof codings)[number]['coding'];

/**
 * The coding to send, from Accept-Encoding (RFC 9110 §12.5.3) and the variants on disk: the
 * highest q-value wins, a tie goes to br, then gzip, then identity. No header means identity.
 */
export function chooseEncoding(
  header: string | undefined,
  available: readonly Coding[],
): Coding | 'identity' {
  if (!header) return 'identity';
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!name) continue;
    let weight = 1;
    for (const p of params) {
      const m = /^q\s*=\s*([0-9.]+)$/.exec(p);
      if (m) weight = Math.min(1, Math.max(0, Number(m[1]) || 0));
    }
    q.set(name, weight);
  }
  const star = q.get('*');
  const weightOf = (c: string) => q.get(c) ?? star ?? (c === 'identity' ? 1 : 0);
  let best: Coding | 'identity' = 'identity';
  let bestQ = 0;
  for (const { coding } of codings) {
    const w = weightOf(coding);
    if (available.includes(coding) && w > bestQ) [best, bestQ] = [coding, w];
  }
  // identity only beats a coding the client accepts if it asks for identity more.
  return best !== 'identity' && weightOf('identity') > bestQ ? 'identity' : best;
}

async function fileStat(path: string): Promise<{ size: number; mtimeMs: number } | undefined> {
  try {
    const s = await stat(path);
    return s.isFile() ? s : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sends one file of the build, relative to webDir, in the best coding the client accepts, with
 * Vary, the file's own Content-Type, an ETag per coding and the given Cache-Control. Resolves false
 * when there is no such file. Conditional requests (304), HEAD and Range are express's (send's).
 */
async function sendBuilt(
  webDir: string,
  rel: string,
  cacheControl: string,
  req: Request,
  res: Response,
  next: NextFunction,
): Promise<boolean> {
  const file = join(webDir, rel);
  const original = await fileStat(file);
  if (!original) return false;
  const stats = await Promise.all(codings.map((c) => fileStat(file + c.suffix)));
  const variants = codings.filter((_, i) => stats[i]).map((c) => c.coding);
  const coding = chooseEncoding(req.get('accept-encoding'), variants);
  const chosen = codings.findIndex((c) => c.coding === coding);
  const suffix = chosen < 0 ? '' : codings[chosen]!.suffix;
  const sent = chosen < 0 ? original : stats[chosen];
  if (!sent) return false;
  if (variants.length) res.vary('Accept-Encoding');
  if (suffix) res.setHeader('Content-Encoding', coding);
  res.type(extname(rel) || 'application/octet-stream');
  res.setHeader('Cache-Control', cacheControl);
  // Each coding is its own representation: its own validator, so a cache never answers a gzip
  // request with a 304 meant for the brotli body. send() keeps an ETag that is already set.
  res.setHeader(
    'ETag',
    `W/"${sent.size.toString(16)}-${Math.floor(sent.mtimeMs).toString(16)}${suffix ? `-${coding}` : ''}"`,
  );
  res.sendFile(
    rel + suffix,
    { root: webDir, etag: false, cacheControl: false, lastModified: true },
    (err) => {
      if (err && !res.headersSent) next(err);
    },
  );
  return true;
}

/**
 * The built SPA from one origin: precompressed files chosen by Accept-Encoding, hashed assets
 * cached for a year as immutable, everything else (index.html above all) revalidated every time,
 * and every other GET that is not /api, /k8s or /assets answered with index.html so client-side
 * routes load. A missing file under /assets/ is a 404: a page of HTML in place of a script only
 * hides a stale deploy behind a MIME-type error.
 */
export function spa(webDir: string): RequestHandler[] | undefined {
  const root = resolve(webDir);
  if (!existsSync(join(root, 'index.html'))) return undefined;
  const files: RequestHandler = (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let path: string;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    const rel = posix.normalize(path).replace(/^\/+/, '');
    // Only files of the build: no dotfiles (send would refuse them anyway), nothing outside it.
    if (
      !rel ||
      rel.includes('\0') ||
      rel.split('/').some((segment) => segment.startsWith('.')) ||
      !resolve(root, rel).startsWith(root + sep)
    )
      return next();
    const cache = rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    sendBuilt(root, rel, cache, req, res, next).then((sent) => {
      if (!sent) next();
    }, next);
  };
  const fallback: RequestHandler = (req, res, next) => {
    if (
      (req.method !== 'GET' && req.method !== 'HEAD') ||
      req.path.startsWith('/api/') ||
      req.path.startsWith('/k8s/')
    )
      return next();
    if (req.path.startsWith('/assets/')) {
      res.status(404).setHeader('Cache-Control', 'no-cache');
      res.type('text/plain').send('Not found\n');
      return;
    }
    if (!req.accepts('html')) return next();
    sendBuilt(root, 'index.html', 'no-cache', req, res, next).then((sent) => {
      if (!sent) next();
    }, next);
  };
  return [files, fallback];
}
