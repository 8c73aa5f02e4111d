import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { pino, type DestinationStream, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/** Headers of SECURITY.md §1: strict CSP for the SPA, no framing, HSTS only when served over TLS. */
export function securityHeaders(tls: boolean): RequestHandler[] {
  return [
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(tls ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: tls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
    }),
    (req, res, next) => {
      res.setHeader(
        'permissions-policy',
        'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
      );
      if (req.path.startsWith('/api/') || req.path.startsWith('/k8s/'))
        res.setHeader('cache-control', 'no-store');
      next();
    },
  ];
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-csrf-token"]',
          'res.headers["set-cookie"]',
          '*.token',
          '*.id_token',
          '*.access_token',
          '*.refresh_token',
          '*.client_secret',
          '*.password',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** Request ids and one access log line per request, without bodies or auth query strings. */
const probePaths = new Set(['/api/livez', '/api/readyz', '/api/healthz']);

export function requestLogging(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (_req, res) => {
      const id = randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    serializers: {
      req: (req: {
        id: unknown;
        method: string;
        url: string;
        headers: Record<string, unknown>;
      }) => ({
        id: req.id,
        method: req.method,
        // OIDC callbacks carry the authorization code in the query: log paths only for sign-in.
        url: req.url.startsWith('/api/auth/') ? req.url.split('?')[0] : req.url,
        headers: req.headers,
      }),
    },
    customLogLevel: (req: IncomingMessage, res, err) =>
      err || res.statusCode >= 500
        ? 'error'
        : res.statusCode >= 400
          ? 'warn'
          : // Probes every few seconds from each kubelet would drown the log.
            probePaths.has(req.url ?? '')
            ? 'silent'
            : 'info',
  });
}
