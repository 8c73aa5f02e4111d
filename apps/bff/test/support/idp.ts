import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestIdp {
  issuer: string;
  /** Creates the provider with its one client, once the relying party's callback URL is known. */
  register(redirectUri: string, clientSecret: string): void;
  /** Who the next interactive login signs in as. */
  loginAs(account: { sub: string; email: string; groups: string[]; emailVerified?: boolean }): void;
  /** Changes the groups of an account that signed in, as an IdP admin would. */
  setGroups(sub: string, groups: string[]): void;
  /**
   * Rewrites the id_token of every token endpoint answer from now on (undefined: stop), as a
   * man in the middle or a compromised IdP front would; the rest of the answer is untouched.
   */
  tamperIdTokens(fn: ((idToken: string) => Promise<string>) | undefined): void;
  close(): Promise<void>;
}

/** Lets the provider answer the token request, then swaps the id_token in its JSON answer. */
function tamperToken(
  req: IncomingMessage,
  res: ServerResponse,
  handle: (req: IncomingMessage, res: ServerResponse) => unknown,
  fn: (idToken: string) => Promise<string>,
): void {
  const chunks: Buffer[] = [];
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  res.write = ((chunk: unknown) => {
    if (chunk) chunks.push(Buffer.from(chunk as Buffer));
    return true;
  }) as typeof res.write;
  res.end = ((chunk?: unknown) => {
    if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk as Buffer));
    void (async () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let out = text;
      try {
        const body = JSON.parse(text) as { id_token?: string };
        if (body.id_token) out = JSON.stringify({ ...body, id_token: await fn(body.id_token) });
      } catch {
        // Not JSON: pass it on as it was.
      }
      if (!res.headersSent) res.setHeader('content-length', Buffer.byteLength(out));
      write(out);
      end();
    })();
    return res;
  }) as typeof res.end;
  void handle(req, res);
}

/**
 * A real OpenID Provider (oidc-provider) on 127.0.0.1 with one confidential client that must use
 * PKCE. Its login and consent pages answer themselves for the account set with loginAs().
 */
export async function startIdp(): Promise<TestIdp> {
  let account = {
    sub: 'nobody',
    email: 'nobody@example.com',
    groups: [] as string[],
    emailVerified: true,
  };
  const accounts = new Map<string, typeof account>();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const configure = (redirectUri: string, clientSecret: string) =>
    new Provider(issuer, {
      clients: [
        {
          client_id: 'gatehouse',
          client_secret: clientSecret,
          redirect_uris: [redirectUri],
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
        },
      ],
      pkce: { required: () => true },
      // A refresh token for every code, as Keycloak gives by default (Dex: with offline_access).
      async issueRefreshToken(_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) {
        return client.grantTypeAllowed('refresh_token');
      },
      // Claims in the ID token, as Dex or Keycloak send them and as kube-apiserver reads them.
      conformIdTokenClaims: false,
      ttl: {
        Interaction: 600,
        Session: 3600,
        Grant: 3600,
        AccessToken: 300,
        IdToken: 300,
        AuthorizationCode: 60,
      },
      scopes: ['openid', 'email', 'profile', 'groups'],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], groups: ['groups'] },
      cookies: { keys: ['test-cookie-key'] },
      features: { devInteractions: { enabled: false } },
      async findAccount(_ctx: unknown, id: string) {
        const a = accounts.get(id);
        if (!a) return undefined;
        return {
          accountId: id,
          async claims() {
            return { sub: id, email: a.email, email_verified: a.emailVerified, groups: a.groups };
          },
        };
      },
    });
  let tamper: ((idToken: string) => Promise<string>) | undefined;
  const serve = (provider: Provider) => {
    const handle = provider.callback();
    server.on('request', (req, res) => {
      if (tamper && (req.url ?? '').startsWith('/token'))
        return tamperToken(req, res, handle, tamper);
      const m = /^\/interaction\/([^/?]+)/.exec(req.url ?? '');
      if (!m) return handle(req, res);
      void (async () => {
        const details = await provider.interactionDetails(req, res);
        if (details.prompt.name === 'login') {
          accounts.set(account.sub, account);
          await provider.interactionFinished(
            req,
            res,
            { login: { accountId: account.sub } },
            { mergeWithLastSubmission: false },
          );
          return;
        }
        const grant = new provider.Grant({
          accountId: details.session?.accountId ?? '',
          clientId: 'gatehouse',
        });
        grant.addOIDCScope('openid email profile groups');
        grant.addOIDCClaims(['email', 'email_verified', 'groups']);
        await provider.interactionFinished(
          req,
          res,
          { consent: { grantId: await grant.save() } },
          { mergeWithLastSubmission: true },
        );
      })().catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
  };
  return {
    issuer,
    register(redirectUri, clientSecret) {
      serve(configure(redirectUri, clientSecret));
    },
    loginAs(a) {
      account = { emailVerified: true, ...a };
    },
    setGroups(sub, groups) {
      const a = accounts.get(sub);
      if (!a) throw new Error(`no account ${sub} has signed in`);
      accounts.set(sub, { ...a, groups });
    },
    tamperIdTokens(fn) {
      tamper = fn;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
