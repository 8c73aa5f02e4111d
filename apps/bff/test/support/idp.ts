import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestIdp {
  issuer: string;
  /** Creates the provider with its one client, once the relying party's callback URL is known. */
  register(redirectUri: string, clientSecret: string): void;
  /** Who the next interactive login signs in as. */
  loginAs(account: { sub: string; email: string; groups: string[]; emailVerified?: boolean }): void;
  close(): Promise<void>;
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
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      pkce: { required: () => true },
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
  const serve = (provider: Provider) => {
    const handle = provider.callback();
    server.on('request', (req, res) => {
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
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
