import fc from 'fast-check';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import type { Database } from '../src/db/database.js';
import { seal, unseal } from '../src/platform/accounts/sealed-cookie.js';
import { confirmTotp, pendingTotpSecret } from '../src/platform/accounts/totp/enrol-totp.js';
import { AppError } from '../src/platform/errors.js';
import { createTenant } from './helpers/factories.js';
import {
  appOidcConfig,
  ProviderCookies,
  signInAtProvider,
  startTestProvider,
  type TestProvider,
} from './helpers/oidc-provider.js';
import { Browser, createStaff } from './helpers/staff.js';
import { buildTestApp, type TestApp } from './helpers/test-app.js';
import { onPostgres, openTestDatabase } from './helpers/test-database.js';

// Sign-in through a real OpenID Connect provider (oidc-provider on a random port), driven the way a browser does
// it: the app through inject with its cookies, the provider over HTTP with its own cookies.

const ORIGIN = 'http://localhost:3000';
let database: Database;
let t: TestApp;
let provider: TestProvider;

beforeAll(async () => {
  provider = await startTestProvider(`${ORIGIN}/connexion/oidc/retour`);
  database = await openTestDatabase();
  t = await buildTestApp(database, {
    config: {
      publicUrl: ORIGIN,
      oidc: appOidcConfig(provider),
    },
  });
});
afterAll(async () => {
  await t?.app.close();
  await database?.close();
  await provider?.close();
});

/** From the app's « Se connecter avec ProConnect » to the provider and back: the app's answer to the callback. */
async function oidcSignIn(browser: Browser, login: string, options: { abort?: boolean; tamper?: (url: URL) => void } = {}) {
  const start = await browser.get('/connexion/oidc?suite=/espace');
  expect(start.statusCode).toBe(303);
  const back = new URL(await signInAtProvider(start.headers.location as string, ORIGIN, login, options));
  options.tamper?.(back);
  return browser.get(`${back.pathname}${back.search}`);
}

const sessionOf = (browser: Browser) => /quietude_session=([^;]+)/.exec(browser.cookies)?.[1];
const refusals = async () =>
  Number(
    (
      await database.db
        .selectFrom('security_events')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('kind', '=', 'oidc_refused')
        .executeTakeFirstOrThrow()
    ).n,
  );

describe(`OpenID Connect sign-in (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('offers the provider beside the password form, named as configured', async () => {
    const fr = await new Browser(t.app).get('/connexion');
    expect(fr.body).toContain('Se connecter avec ProConnect');
    expect(fr.body).toContain('href="/connexion/oidc?suite=%2Fespace"');
    expect(fr.body).toContain('name="password"');
    expect((await new Browser(t.app).get('/connexion?lang=en')).body).toContain('Sign in with ProConnect');
  });

  it('keeps PKCE, state and nonce in a short httpOnly Lax cookie and sends them to the provider', async () => {
    const start = await new Browser(t.app).get('/connexion/oidc');
    const to = new URL(start.headers.location as string);
    expect(to.origin).toBe(provider.issuer);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    for (const param of ['code_challenge', 'state', 'nonce']) expect(to.searchParams.get(param)).toMatch(/^[\w-]{20,}$/);
    expect(to.searchParams.get('redirect_uri')).toBe(`${ORIGIN}/connexion/oidc/retour`);
    const cookie = start.cookies.find((c) => c.name === 'quietude_oidc');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/connexion/oidc', maxAge: 600 });
    // Sealed: neither the state nor the verifier can be read from it.
    expect(cookie?.value).not.toContain(to.searchParams.get('state'));
  });

  it('links a verified e-mail to the existing account on first use, then signs in by the link', async () => {
    const tenant = await createTenant(database.db);
    const { email, userId } = await createStaff(database.db, tenant, 'coordinator');
    provider.identities.set('agent-linked', { email: email.toUpperCase(), email_verified: true });
    const browser = new Browser(t.app);
    const back = await oidcSignIn(browser, 'agent-linked');
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe('/espace');
    expect(sessionOf(browser)).toBeTruthy();
    const home = await browser.get('/espace');
    expect(home.headers.location).toBe(`/t/${tenant.slug}/espace/`);
    expect((await browser.get(`/t/${tenant.slug}/espace/`)).statusCode).toBe(200);
    const links = await database.db.selectFrom('user_identities').selectAll().where('user_id', '=', userId).execute();
    expect(links).toMatchObject([{ issuer: provider.issuer, subject: 'agent-linked' }]);
    const events = await database.db.selectFrom('security_events').select('kind').where('user_id', '=', userId).execute();
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['oidc_linked', 'login_succeeded']));

    // The link, not the e-mail, decides from now on: a changed address at the provider still signs in.
    provider.identities.set('agent-linked', { email: 'changed@example.test', email_verified: false });
    const again = new Browser(t.app);
    expect((await oidcSignIn(again, 'agent-linked')).headers.location).toBe('/espace');
    expect(sessionOf(again)).toBeTruthy();
  });

  it('creates nothing for an unknown identity: a clear page, no session, a refusal without the address', async () => {
    const before = await refusals();
    provider.identities.set('stranger', { email: 'stranger.agent@interieur.example', email_verified: true });
    const browser = new Browser(t.app);
    const back = await oidcSignIn(browser, 'stranger');
    expect(back.statusCode).toBe(403);
    expect(back.body).toContain('Aucun compte Quiétude n’est associé à cette identité');
    expect(back.body).toContain('demandez à votre coordinateur de vous inviter');
    expect(sessionOf(browser)).toBeFalsy();
    expect(await refusals()).toBe(before + 1);
    const users = await database.db.selectFrom('users').select('id').where('email', 'like', 'stranger%').execute();
    expect(users).toEqual([]);
    expect(t.logs.text).not.toContain('stranger.agent');
  });

  it('does not link an e-mail the provider has not verified', async () => {
    const tenant = await createTenant(database.db);
    const { email, userId } = await createStaff(database.db, tenant, 'mediator');
    provider.identities.set('unverified', { email, email_verified: false });
    const browser = new Browser(t.app);
    const back = await oidcSignIn(browser, 'unverified');
    expect(back.statusCode).toBe(403);
    expect(sessionOf(browser)).toBeFalsy();
    expect(await database.db.selectFrom('user_identities').select('id').where('user_id', '=', userId).execute()).toEqual([]);
  });

  it('does not take over an account already linked to another subject of the same provider', async () => {
    const tenant = await createTenant(database.db);
    const { email } = await createStaff(database.db, tenant, 'analyst');
    provider.identities.set('first-holder', { email, email_verified: true });
    expect((await oidcSignIn(new Browser(t.app), 'first-holder')).statusCode).toBe(303);
    provider.identities.set('second-holder', { email, email_verified: true });
    const browser = new Browser(t.app);
    expect((await oidcSignIn(browser, 'second-holder')).statusCode).toBe(403);
    expect(sessionOf(browser)).toBeFalsy();
  });

  it('refuses a callback whose state was tampered with, and the same callback replayed', async () => {
    const tenant = await createTenant(database.db);
    const { email } = await createStaff(database.db, tenant, 'coordinator');
    provider.identities.set('tampered', { email, email_verified: true });
    const browser = new Browser(t.app);
    let callback = '';
    const back = await oidcSignIn(browser, 'tampered', {
      tamper: (url) => {
        url.searchParams.set('state', `${url.searchParams.get('state')}x`);
        callback = `${url.pathname}${url.search}`;
      },
    });
    expect(back.statusCode).toBe(400);
    expect(back.body).toContain('n’a pas pu être vérifiée');
    expect(back.body).not.toMatch(/at .*\.js|Error:/);
    expect(sessionOf(browser)).toBeFalsy();
    // The attempt's cookie served once: the callback again is an expired attempt.
    const replay = await browser.get(callback);
    expect(replay.statusCode).toBe(400);
    expect(replay.body).toContain('a expiré');
    expect(sessionOf(browser)).toBeFalsy();
  });

  it('says so when the person cancels at the provider (error=access_denied)', async () => {
    const browser = new Browser(t.app);
    const back = await oidcSignIn(browser, 'whoever', { abort: true });
    expect(back.statusCode).toBe(401);
    expect(back.body).toContain('La connexion a été annulée ou refusée chez ProConnect');
    expect(sessionOf(browser)).toBeFalsy();
  });

  it('refuses an attempt older than 10 minutes', async () => {
    const tenant = await createTenant(database.db);
    const { email } = await createStaff(database.db, tenant, 'coordinator');
    provider.identities.set('slow', { email, email_verified: true });
    const browser = new Browser(t.app);
    const start = await browser.get('/connexion/oidc');
    const back = new URL(
      await signInAtProvider(start.headers.location as string, ORIGIN, 'slow', { cookies: new ProviderCookies() }),
    );
    t.clock.advance(11 * 60_000);
    const late = await browser.get(`${back.pathname}${back.search}`);
    expect(late.statusCode).toBe(400);
    expect(late.body).toContain('a expiré');
    expect(sessionOf(browser)).toBeFalsy();
  });

  it('asks an enrolled account for its code after the provider, before any session', async () => {
    const tenant = await createTenant(database.db);
    const { email, userId } = await createStaff(database.db, tenant, 'police_manager');
    const secret = await pendingTotpSecret(database.db, t.clock, userId);
    const code = () => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: t.clock.now().getTime() });
    await confirmTotp(database.db, t.clock, userId, code());
    t.clock.advance(30_000);
    provider.identities.set('with-code', { email, email_verified: true });
    const browser = new Browser(t.app);
    const back = await oidcSignIn(browser, 'with-code');
    expect(back.headers.location).toBe('/connexion/code');
    expect(sessionOf(browser)).toBeFalsy();
    const done = await browser.post('/connexion/code', { code: code() }, '/connexion/code');
    expect(done.headers.location).toBe('/espace');
    expect(sessionOf(browser)).toBeTruthy();
  });

  it('has no provider route nor button when OIDC is not configured', async () => {
    const plain = await buildTestApp(database);
    try {
      expect((await new Browser(plain.app).get('/connexion')).body).not.toContain('/connexion/oidc');
      expect((await new Browser(plain.app).get('/connexion/oidc')).statusCode).toBe(404);
    } finally {
      await plain.app.close();
    }
  });
});

describe('sealed sign-in cookies', () => {
  const secret = 'a'.repeat(64);
  const now = new Date('2026-11-26T09:00:00Z');
  const later = new Date(now.getTime() + 600_000);

  it('open only unaltered, for their purpose, before their expiry', () => {
    const sealed = seal(secret, 'oidc-state', { state: 's' }, later);
    expect(unseal(secret, 'oidc-state', sealed, now)).toEqual({ state: 's' });
    expect(unseal(secret, 'second-factor', sealed, now)).toBeUndefined();
    expect(unseal('b'.repeat(64), 'oidc-state', sealed, now)).toBeUndefined();
    expect(unseal(secret, 'oidc-state', sealed, later)).toBeUndefined();
  });

  it('refuse any other value a browser may send, and any change to a sealed one, without throwing', () => {
    const sealed = seal(secret, 'oidc-state', { userId: 'u' }, later);
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (value) => {
        expect(unseal(secret, 'oidc-state', value, now)).toBeUndefined();
      }),
    );
    fc.assert(
      fc.property(fc.nat({ max: sealed.length - 1 }), fc.constantFrom(...'ABCabc012-_'), (at, char) => {
        fc.pre(sealed[at] !== char);
        const altered = `${sealed.slice(0, at)}${char}${sealed.slice(at + 1)}`;
        // The last character may carry spare bits that base64url decoding ignores: then nothing was changed.
        if (Buffer.from(altered, 'base64url').equals(Buffer.from(sealed, 'base64url'))) return;
        expect(unseal(secret, 'oidc-state', altered, now)).toBeUndefined();
      }),
    );
  });
});

describe('OIDC configuration', () => {
  const base = { NODE_ENV: 'test', OIDC_ISSUER: 'https://auth.example.gouv.fr', OIDC_CLIENT_ID: 'id', OIDC_CLIENT_SECRET: 's' };
  const problem = (env: Record<string, string>) => {
    try {
      parseConfig(env);
      return undefined;
    } catch (error) {
      return error instanceof AppError ? error.message : `not an AppError: ${String(error)}`;
    }
  };

  it('is absent without an issuer, and named by the issuer’s host without a label', () => {
    expect(parseConfig({ NODE_ENV: 'test' }).oidc).toBeUndefined();
    expect(parseConfig(base).oidc).toEqual({
      issuer: 'https://auth.example.gouv.fr',
      clientId: 'id',
      clientSecret: 's',
      label: 'auth.example.gouv.fr',
      scopes: 'openid email profile',
    });
  });

  it('names the variable at fault', () => {
    expect(problem({ ...base, OIDC_CLIENT_SECRET: '' })).toContain('OIDC_CLIENT_SECRET is required');
    expect(problem({ NODE_ENV: 'test', OIDC_CLIENT_ID: 'id' })).toContain('OIDC_CLIENT_ID is set but OIDC_ISSUER is not');
    expect(problem({ ...base, OIDC_SCOPES: 'openid profile' })).toContain('OIDC_SCOPES must include openid and email');
    expect(problem({ ...base, OIDC_ISSUER: 'not a url' })).toContain('OIDC_ISSUER is not a valid URL');
    expect(
      problem({
        ...base,
        NODE_ENV: 'production',
        OIDC_ISSUER: 'http://keycloak.local',
        DATABASE_URL: 'postgres://a:b@h/d',
        SESSION_SECRET: 'x'.repeat(40),
      }),
    ).toContain('OIDC_ISSUER must start with https:');
  });

  it('either accepts OIDC_SCOPES or refuses it by name, whatever it holds', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (scopes) => {
        const message = problem({ ...base, OIDC_SCOPES: scopes });
        if (message === undefined) {
          const parsed = parseConfig({ ...base, OIDC_SCOPES: scopes }).oidc?.scopes.split(' ') ?? [];
          expect(parsed).toEqual(expect.arrayContaining(['openid', 'email']));
        } else expect(message).toMatch(/^Configuration: OIDC_SCOPES /);
      }),
    );
  });
});
