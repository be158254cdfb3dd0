import * as client from 'openid-client';
import type { OidcConfig } from '../../../config.js';

/** What the provider vouches for, after openid-client checked the ID token (signature, issuer, audience, nonce…). */
export interface OidcIdentity {
  issuer: string;
  subject: string;
  email?: string;
  emailVerified: boolean;
}

/** The per-attempt secrets kept (sealed) in the browser between the redirect and the callback. */
export interface OidcChecks {
  verifier: string;
  state: string;
  nonce: string;
}

/** Why a callback failed, each shown with its own message (never the provider's text or a stack trace). */
export type OidcFailure = 'denied' | 'failed' | 'unavailable';

export class OidcError extends Error {
  constructor(
    readonly failure: OidcFailure,
    cause: unknown,
  ) {
    super(`OpenID Connect sign-in ${failure}`, { cause });
  }
}

/**
 * The relying party: authorization code flow with PKCE (S256), state and nonce. The provider's metadata is read at
 * the first sign-in, not at start-up (a provider down must not stop the application), and read again after a failure.
 */
export class OidcRelyingParty {
  private configuration?: Promise<client.Configuration>;

  constructor(
    readonly config: OidcConfig,
    /** Plain-http issuers (tests, a local Keycloak): the configuration refuses them in production. */
    private readonly allowHttp: boolean,
  ) {}

  private discover(): Promise<client.Configuration> {
    this.configuration ??= client
      .discovery(
        new URL(this.config.issuer),
        this.config.clientId,
        this.config.clientSecret,
        undefined,
        this.allowHttp ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw new OidcError('unavailable', error);
      });
    return this.configuration;
  }

  /** The provider's authorization URL for a new attempt, and the checks to keep until the callback. */
  async start(redirectUri: string): Promise<{ url: string; checks: OidcChecks }> {
    const configuration = await this.discover();
    const checks = { verifier: client.randomPKCECodeVerifier(), state: client.randomState(), nonce: client.randomNonce() };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: this.config.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(checks.verifier),
      code_challenge_method: 'S256',
      state: checks.state,
      nonce: checks.nonce,
    });
    return { url: url.href, checks };
  }

  /** Validates the callback (state, code exchange with the PKCE verifier, ID token and nonce) and reads the claims. */
  async finish(callbackUrl: URL, checks: OidcChecks): Promise<OidcIdentity> {
    const configuration = await this.discover();
    try {
      const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: checks.verifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) throw new Error('no ID token');
      // Providers often put the e-mail in the userinfo answer only; openid-client checks its subject is the token's.
      const info = tokens.access_token ? await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub) : {};
      const claims: Record<string, unknown> = { ...idToken, ...info };
      return {
        issuer: idToken.iss,
        subject: idToken.sub,
        email: typeof claims.email === 'string' ? claims.email : undefined,
        emailVerified: claims.email_verified === true,
      };
    } catch (error) {
      if (error instanceof client.AuthorizationResponseError && error.error === 'access_denied')
        throw new OidcError('denied', error);
      const network = error instanceof TypeError && /fetch failed/i.test(error.message);
      throw new OidcError(network ? 'unavailable' : 'failed', error);
    }
  }
}
