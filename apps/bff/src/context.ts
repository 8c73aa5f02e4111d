import type { Logger } from 'pino';
import type { AuditLog } from './audit.js';
import type { ClusterSet } from './clusters.js';
import type { BffConfig } from './config.js';
import type { OidcSignIn } from './auth/oidc.js';
import type { KeyRing } from './session/keys.js';
import type { SessionManager } from './session/sessions.js';
import type { ConsoleState } from './state/index.js';

/** What route handlers work with; built once per BFF instance. */
export interface BffContext {
  config: BffConfig;
  clusters: ClusterSet;
  sessions: SessionManager;
  keys: KeyRing;
  audit: AuditLog;
  oidc?: OidcSignIn;
  logger: Logger;
  /** The console's origin as browsers see it; known once the server listens. */
  publicOrigin(): string;
  /** Origins an unsafe request may come from (the console's, or each loopback alias of it). */
  allowedOrigins(): string[];
  /** Session keys, revocations and the sweep's leadership, in the data dir or the home cluster. */
  state: ConsoleState;
}
