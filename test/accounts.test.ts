import { describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { MAX_FAILURES } from '../src/platform/accounts/sign-in.js';
import { createTenant } from './helpers/factories.js';
import { Browser, createStaff, STAFF_PASSWORD } from './helpers/staff.js';
import { buildTestApp, outbox, type TestApp, withTestApp } from './helpers/test-app.js';

let database: Database;
let t: TestApp;
const mail = outbox();
withTestApp((opened) => ({ database, t } = opened), { mailer: mail });

describe('sign-in', () => {
  it('sends an anonymous visitor of a staff page to sign in, then back', async () => {
    const tenant = await createTenant(database.db);
    const { email } = await createStaff(database.db, tenant, 'admin');
    const browser = new Browser(t.app);
    const away = await browser.get(`/t/${tenant.slug}/espace/`);
    expect(away.statusCode).toBe(303);
    expect(away.headers.location).toBe(`/connexion?suite=${encodeURIComponent(`/t/${tenant.slug}/espace/`)}`);
    const signedIn = await browser.post(
      '/connexion',
      { email, password: STAFF_PASSWORD, suite: `/t/${tenant.slug}/espace/` },
      '/connexion',
    );
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe(`/t/${tenant.slug}/espace/`);
    const cookie = signedIn.cookies.find((c) => c.name === 'quietude_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const home = await browser.get(`/t/${tenant.slug}/espace/`);
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Utilisateurs et rôles');
  });

  it('refuses a wrong password with the same answer as an unknown address', async () => {
    const tenant = await createTenant(database.db);
    const { email } = await createStaff(database.db, tenant, 'mediator');
    const wrong = await new Browser(t.app).signIn(email, 'not the password at all');
    const unknown = await new Browser(t.app).signIn('nobody@example.test', 'not the password at all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toContain('Adresse ou mot de passe incorrect');
    expect(unknown.body).toContain('Adresse ou mot de passe incorrect');
  });

  it('locks an account after repeated failures, for every instance, until the lock expires', async () => {
    const tenant = await createTenant(database.db);
    const { email } = await createStaff(database.db, tenant, 'mediator');
    for (let i = 0; i < MAX_FAILURES; i++) await new Browser(t.app).signIn(email, 'wrong password again');
    expect((await new Browser(t.app).signIn(email)).statusCode).toBe(401);
    // Another instance on the same database refuses too: the lock is stored.
    const other = await buildTestApp(database, { now: t.clock.now().toISOString() });
    expect((await new Browser(other.app).signIn(email)).statusCode).toBe(401);
    await other.app.close();
    t.clock.advance(16 * 60_000);
    expect((await new Browser(t.app).signIn(email)).statusCode).toBe(303);
  });

  it('shows each staff member only the tools their roles allow, and no other tenant', async () => {
    const tenant = await createTenant(database.db);
    const other = await createTenant(database.db);
    const { email } = await createStaff(database.db, tenant, 'mediator');
    const browser = new Browser(t.app);
    await browser.signIn(email);
    const home = await browser.get(`/t/${tenant.slug}/espace/`);
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Médiateur·rice');
    expect(home.body).not.toContain('Utilisateurs et rôles');
    expect((await browser.get(`/t/${tenant.slug}/espace/utilisateurs`)).statusCode).toBe(403);
    expect((await browser.get(`/t/${other.slug}/espace/`)).statusCode).toBe(404);
  });

  it('signs out, ending the session', async () => {
    const tenant = await createTenant(database.db);
    const { email } = await createStaff(database.db, tenant, 'admin');
    const browser = new Browser(t.app);
    await browser.signIn(email);
    const out = await browser.post('/deconnexion', {}, `/t/${tenant.slug}/espace/`);
    expect(out.statusCode).toBe(303);
    expect((await browser.get(`/t/${tenant.slug}/espace/`)).statusCode).toBe(303);
  });
});

describe('user administration', () => {
  it('invites by e-mail; the link works once and opens the workspace', async () => {
    const tenant = await createTenant(database.db);
    const admin = await createStaff(database.db, tenant, 'admin');
    const browser = new Browser(t.app);
    await browser.signIn(admin.email);
    const sent = mail.sent.length;
    const invited = await browser.post(
      `/t/${tenant.slug}/espace/utilisateurs/inviter`,
      { email: 'Nouvelle.Mediatrice@Example.test', role: 'mediator', territoryId: '' },
      `/t/${tenant.slug}/espace/utilisateurs`,
    );
    expect(invited.statusCode).toBe(200);
    expect(invited.body).toContain('Invitation envoyée à nouvelle.mediatrice@example.test');
    const message = mail.sent[sent];
    expect(message?.to).toBe('nouvelle.mediatrice@example.test');
    expect(message?.subject).toBe(`Invitation à Quiétude — ${tenant.name}`);
    const link = new URL(/https?:\/\/\S+/.exec(message?.text ?? '')?.[0] ?? '');
    const invitee = new Browser(t.app);
    const path = `${link.pathname}${link.search}`;
    const accepted = await invitee.post(
      '/invitation',
      {
        t: link.searchParams.get('t') ?? '',
        jeton: link.searchParams.get('jeton') ?? '',
        displayName: 'Nadia',
        password: 'une phrase assez longue',
      },
      path,
    );
    expect(accepted.statusCode).toBe(303);
    expect((await invitee.get(`/t/${tenant.slug}/espace/`)).body).toContain('Bonjour Nadia.');
    const again = await new Browser(t.app).get(path);
    expect(again.statusCode).toBe(200);
    const reused = await new Browser(t.app).post(
      '/invitation',
      { t: tenant.slug, jeton: link.searchParams.get('jeton') ?? '', displayName: 'Intrus', password: 'une autre phrase longue' },
      path,
    );
    expect(reused.statusCode).toBe(404);
  });

  it('refuses a bad invitation, naming the field, and sends nothing', async () => {
    const tenant = await createTenant(database.db);
    const admin = await createStaff(database.db, tenant, 'admin');
    const browser = new Browser(t.app);
    await browser.signIn(admin.email);
    const sent = mail.sent.length;
    const refused = await browser.post(
      `/t/${tenant.slug}/espace/utilisateurs/inviter`,
      { email: 'not-an-address', role: 'mediator' },
      `/t/${tenant.slug}/espace/utilisateurs`,
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('n’est pas une adresse électronique');
    expect(mail.sent.length).toBe(sent);
  });

  it('deactivates someone who leaves: their open session ends at once', async () => {
    const tenant = await createTenant(database.db);
    const admin = await createStaff(database.db, tenant, 'admin');
    const leaver = await createStaff(database.db, tenant, 'mediator');
    const theirs = new Browser(t.app);
    await theirs.signIn(leaver.email);
    expect((await theirs.get(`/t/${tenant.slug}/espace/`)).statusCode).toBe(200);
    const adminBrowser = new Browser(t.app);
    await adminBrowser.signIn(admin.email);
    const done = await adminBrowser.post(
      `/t/${tenant.slug}/espace/utilisateurs/${leaver.userId}/desactiver`,
      {},
      `/t/${tenant.slug}/espace/utilisateurs`,
    );
    expect(done.statusCode).toBe(200);
    expect((await theirs.get(`/t/${tenant.slug}/espace/`)).statusCode).toBe(303);
    expect((await new Browser(t.app).signIn(leaver.email)).statusCode).toBe(303);
    // Signed in again, they have no role here any more.
    const back = new Browser(t.app);
    await back.signIn(leaver.email);
    expect((await back.get(`/t/${tenant.slug}/espace/`)).statusCode).toBe(404);
  });

  it('resets a password through a one-time link', async () => {
    const tenant = await createTenant(database.db);
    const admin = await createStaff(database.db, tenant, 'admin');
    const member = await createStaff(database.db, tenant, 'educator');
    const adminBrowser = new Browser(t.app);
    await adminBrowser.signIn(admin.email);
    await adminBrowser.post(
      `/t/${tenant.slug}/espace/utilisateurs/${member.userId}/mot-de-passe`,
      {},
      `/t/${tenant.slug}/espace/utilisateurs`,
    );
    const message = mail.sent.at(-1);
    expect(message?.to).toBe(member.email);
    const link = new URL(/https?:\/\/\S+/.exec(message?.text ?? '')?.[0] ?? '');
    const browser = new Browser(t.app);
    const tooShort = await browser.post(
      '/mot-de-passe',
      { jeton: link.searchParams.get('jeton') ?? '', password: 'short' },
      `${link.pathname}${link.search}`,
    );
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.body).toContain('doit faire au moins 12 caractères');
    const set = await browser.post(
      '/mot-de-passe',
      { jeton: link.searchParams.get('jeton') ?? '', password: 'a brand new long password' },
      `${link.pathname}${link.search}`,
    );
    expect(set.statusCode).toBe(200);
    expect((await new Browser(t.app).signIn(member.email, 'a brand new long password')).statusCode).toBe(303);
    expect((await new Browser(t.app).signIn(member.email)).statusCode).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses a POST without a valid token on every form route, and changes nothing', async () => {
    const tenant = await createTenant(database.db);
    const admin = await createStaff(database.db, tenant, 'admin');
    const browser = new Browser(t.app);
    await browser.signIn(admin.email);
    const formRoutes = t.app.declaredRoutes.filter(
      (r) => r.method.includes('POST') && !r.url.startsWith('/api/') && !r.url.startsWith('/open311/') && !r.readOnly,
    );
    expect(formRoutes.length).toBeGreaterThan(5);
    for (const route of formRoutes) {
      const url = route.url.replace(':slug', tenant.slug).replace(':id', admin.userId);
      for (const token of [undefined, 'forged-token']) {
        const response = await t.app.inject({
          method: 'POST',
          url,
          headers: { cookie: browser.cookies, 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ ...(token ? { _csrf: token } : {}), email: 'x@example.test', role: 'admin' }).toString(),
        });
        expect(response.statusCode, `${route.method} ${route.url}`).toBe(403);
      }
    }
    // The admin is still signed in: the sign-out form was refused too.
    expect((await browser.get(`/t/${tenant.slug}/espace/`)).statusCode).toBe(200);
  });
});
