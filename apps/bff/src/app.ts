import { join } from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { DestinationStream, Logger } from 'pino';
import { AuditLog, type LineSink } from './audit.js';
import { OidcSignIn } from './auth/oidc.js';
import { openClusters } from './clusters.js';
import type { BffConfig } from './config.js';
import type { BffContext } from './context.js';
import { csrfProtection, loopbackAliases } from './csrf.js';
import { errorHandler, sendApiError } from './errors.js';
import { createLogger, requestLogging, securityHeaders } from './http-security.js';
import { auditEveryAttempt } from './audit-http.js';
import { kubeProxy } from './proxy/proxy.js';
import { mintLimiter } from './kubeconfig/service.js';
import { startExpirySweeper } from './projects/expiry.js';
import { routes } from './routes.js';
import { SessionManager } from './session/sessions.js';
import { openState, replicaName } from './state/index.js';
import { defaultWebDir, spa } from './static.js';

export interface BffDeps {
  /** Where pino logs go (default stdout). */
  logDestination?: DestinationStream;
  /** Where audit lines go besides the audit file (default stdout). */
  auditStdout?: LineSink;
}

export interface Bff {
  app: Express;
  context: BffContext;
  logger: Logger;
  /** Tells the BFF its origin once the listen address is known (when not configured). */
  setListenOrigin(origin: string): void;
  close(): Promise<void>;
}

/** Builds the Express app and everything it needs; does not listen. */
export async function createBff(config: BffConfig, deps: BffDeps = {}): Promise<Bff> {
  const logger = createLogger(config.logLevel, deps.logDestination);
  const tls = config.tls !== undefined || config.publicOrigin?.startsWith('https:') === true;
  let listenOrigin = `${tls ? 'https' : 'http'}://${config.host}:${config.port}`;
  const publicOrigin = () => (config.publicOrigin ?? listenOrigin).replace(/\/+$/, '');

  const auditFile =
    config.auditFile ??
    (config.stateStore === 'dir' ? join(config.dataDir, 'audit', 'audit.log') : undefined);
  const audit = new AuditLog(auditFile, deps.auditStdout ?? process.stdout, replicaName(config));
  const clusters = await openClusters(config, logger);
  // Wrong credentials show at start and in the cluster switcher, not as an unreachable cluster.
  await clusters.startIdentityChecks();
  let state;
  try {
    state = await openState(config, clusters, logger);
  } catch (err) {
    await clusters.close();
    throw err;
  }
  const { keys, revocations } = state;
  const sessions = new SessionManager(keys, revocations, {
    secure: tls,
    idleSeconds: config.sessionIdleSeconds,
    maxSeconds: config.sessionMaxSeconds,
  });
  const oidc =
    config.auth.includes('oidc') && config.oidc
      ? new OidcSignIn(config.oidc, sessions, publicOrigin)
      : undefined;
  const allowedOrigins = () =>
    config.publicOrigin ? [publicOrigin()] : loopbackAliases(listenOrigin);
  const context: BffContext = {
    config,
    clusters,
    sessions,
    keys,
    audit,
    oidc,
    logger,
    publicOrigin,
    allowedOrigins,
    state,
  };

  // With the data-dir store every replica sweeps (deletes carry resourceVersion preconditions, so
  // replicas never double-act); with the cluster store only the holder of the sweeper Lease does.
  const stopSweeper = startExpirySweeper(clusters.list, config.expirySweepSeconds, logger, audit, {
    leader: state.sweeper,
    alsoEachTick: async () => {
      const pruned = await revocations.prune(Math.floor(Date.now() / 1000));
      if (pruned) logger.info({ pruned }, 'pruned revocations of expired sessions');
    },
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'simple');
  app.use(requestLogging(logger));
  app.use(securityHeaders(tls));
  // Every request carries its session (or none) from here on; invalid cookies count as none.
  // With --oidc-refresh-groups, groups are re-read here once due; a session the IdP no longer
  // vouches for ends (revoked, so copies of the cookie end too).
  app.use((req: Request, res: Response, next: NextFunction) => {
    sessions
      .read(req, res)
      .then(async (session) => {
        if (!session || !oidc) return;
        const fresh = await oidc.refreshedSession(session);
        if (fresh === session) return;
        if (fresh) return sessions.replace(req, res, fresh);
        req.log.info({ sid: session.sid }, 'the identity provider refused to refresh the session');
        await sessions.revoke(res, session);
        sessions.drop(req, res);
      })
      .then(() => next(), next);
  });
  // One record per attempt, and no change while the audit log cannot be written.
  app.use(auditEveryAttempt(audit, logger));
  app.use(csrfProtection(allowedOrigins, keys, sessions));

  // /api routes have no dry run: refuse it rather than make real changes the caller meant to preview.
  app.use('/api', refuseDryRun);

  const signInLimit = rateLimit({
    windowMs: 60_000,
    limit: config.signInRateLimit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) =>
      sendApiError(
        res,
        429,
        'too many sign-in attempts; wait a minute and try again',
        'TooManyRequests',
      ),
  });
  const mintLimit = mintLimiter(config);
  const json = express.json({
    limit: config.bodyLimitBytes,
    strict: true,
    type: 'application/json',
  });
  for (const r of routes) {
    const handlers = [
      ...(r.signIn ? [signInLimit] : []),
      ...(r.mints ? [mintLimit] : []),
      ...(r.method !== 'get' ? [requireJson, json] : []),
    ];
    app[r.method](r.path, ...handlers, async (req: Request, res: Response) => {
      const result = await r.handle(context, req, res);
      if (result !== undefined) res.json(result);
    });
  }
  app.all('/api/*path', (req, res) =>
    sendApiError(res, 404, `no API route ${req.method} ${req.path}`, 'NotFound'),
  );
  app.use(
    '/k8s',
    express.raw({ type: () => true, limit: config.bodyLimitBytes }),
    kubeProxy(clusters, audit, config.watchesPerSession),
  );

  const web = spa(config.webDir ?? defaultWebDir());
  if (web) app.use(...web);
  else if (config.webDir)
    logger.warn(
      { webDir: config.webDir },
      'no index.html in the web directory; the web app is not served',
    );
  app.use(errorHandler);

  return {
    app,
    context,
    logger,
    setListenOrigin(origin) {
      listenOrigin = origin;
    },
    async close() {
      stopSweeper();
      await state.close();
      await clusters.close();
      await audit.close();
    },
  };
}

/** Unsafe API calls must say they send JSON (a body-less POST may say nothing). */
function requireJson(req: Request, res: Response, next: NextFunction): void {
  const hasBody =
    Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  if (hasBody && !req.is('application/json'))
    return sendApiError(res, 415, 'send application/json', 'UnsupportedMediaType');
  next();
}

/** `dryRun` (any spelling) on an /api route: 400, before anything is read or written. */
function refuseDryRun(req: Request, res: Response, next: NextFunction): void {
  const params = new URL(req.originalUrl, 'http://placeholder').searchParams;
  if ([...params.keys()].some((k) => k.toLowerCase() === 'dryrun'))
    return sendApiError(
      res,
      400,
      'dryRun is not supported on /api routes; nothing was changed',
      'BadRequest',
    );
  next();
}
