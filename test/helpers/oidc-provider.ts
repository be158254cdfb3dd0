import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
// @ts-expect-error oidc-provider 8 ships no type declarations (a test-only dependency).
import Provider from 'oidc-provider';

/** What the test provider says about a person: any login is accepted by its development login form. */
export interface TestIdentity {
  email?: string;
  email_verified?: boolean;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Claims by login (the subject); unknown logins get no e-mail. */
  identities: Map<string, TestIdentity>;
  close(): Promise<void>;
}

/** The app's OIDC configuration for this provider, as OIDC_* variables would give it. */
export const appOidcConfig = (provider: TestProvider) => ({
  issuer: provider.issuer,
  clientId: provider.clientId,
  clientSecret: provider.clientSecret,
  label: 'ProConnect',
  scopes: 'openid email',
});

interface GrantLike {
  addOIDCScope(scope: string): void;
  save(): Promise<string>;
}
interface ProviderContext {
  oidc: {
    client: { clientId: string };
    session: { accountId: string };
    provider: { Grant: new (init: { clientId: string; accountId: string }) => GrantLike };
  };
}

/**
 * A real OpenID Connect provider (panva's oidc-provider, the reference implementation openid-client is tested
 * against) on 127.0.0.1 and a random port, with one confidential client whose redirect URI is the app's callback.
 * Consent is granted at once (a company provider does not ask its staff), so the flow is: login form, then back.
 */
export async function startTestProvider(redirectUri: string): Promise<TestProvider> {
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const identities = new Map<string, TestIdentity>();
  const clientId = 'quietude-test';
  const clientSecret = randomBytes(24).toString('hex');
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    findAccount: (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: () => ({ sub: id, ...(identities.get(id) ?? {}) }),
    }),
    async loadExistingGrant(ctx: ProviderContext) {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    pkce: { required: () => true },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    features: { devInteractions: { enabled: true } },
  });
  handle = provider.callback();
  return {
    issuer,
    clientId,
    clientSecret,
    identities,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Cookies of the provider's site, as a browser keeps them (one host, paths ignored: enough for one test client). */
export class ProviderCookies {
  private jar = new Map<string, string>();

  get header() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keep(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at), pair.slice(at + 1)];
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }
}

/**
 * Walks the provider's side of a sign-in as a browser would: the authorization URL, the development login form
 * (submitted with `login`), the redirects, until the provider sends the browser back to `appOrigin`; returns that URL.
 * `abort` presses the form's « cancel » instead (the provider answers error=access_denied).
 */
export async function signInAtProvider(
  authorizationUrl: string,
  appOrigin: string,
  login: string,
  options: { abort?: boolean; cookies?: ProviderCookies } = {},
): Promise<string> {
  const cookies = options.cookies ?? new ProviderCookies();
  let url = authorizationUrl;
  let init: RequestInit = {};
  for (let hop = 0; hop < 15; hop++) {
    if (url.startsWith(appOrigin)) return url;
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...init.headers, cookie: cookies.header } });
    cookies.keep(response);
    init = {};
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url).href;
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (response.status !== 200 || !action)
      throw new Error(`Provider answered ${response.status} at ${url}: ${html.slice(0, 300)}`);
    if (options.abort) {
      url = new URL(`${new URL(action, url).pathname}/abort`, url).href;
      continue;
    }
    url = new URL(action, url).href;
    init = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt: 'login', login, password: 'any' }).toString(),
    };
  }
  throw new Error('Too many redirects at the provider');
}
