import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler } from 'express';

/** apps/web/dist next to this package, found from dist/static.js. */
export function defaultWebDir(): string {
  return resolve(fileURLToPath(new URL('.', import.meta.url)), '../../web/dist');
}

/**
 * The built SPA from one origin: hashed assets cached for long, index.html never, and every
 * other GET that is not /api or /k8s answered with index.html so client-side routes load.
 */
export function spa(webDir: string): RequestHandler[] | undefined {
  const index = join(webDir, 'index.html');
  if (!existsSync(index)) return undefined;
  const assets = express.static(webDir, {
    index: false,
    redirect: false,
    setHeaders: (res, path) => {
      res.setHeader(
        'cache-control',
        path.includes(`${join(webDir, 'assets')}`)
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
      );
    },
  });
  const fallback: RequestHandler = (req, res, next) => {
    if (
      (req.method !== 'GET' && req.method !== 'HEAD') ||
      req.path.startsWith('/api/') ||
      req.path.startsWith('/k8s/')
    )
      return next();
    if (!req.accepts('html')) return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  };
  return [assets, fallback];
}
