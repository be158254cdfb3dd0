import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { withTenant } from '../src/db/tenant-transaction.js';
import type { Role } from '../src/platform/access/roles.js';
import { MAX_FAILURES } from '../src/platform/accounts/sign-in.js';
import { resetSecondFactor } from '../src/platform/accounts/totp/reset-second-factor.js';
import type { Tenant } from '../src/platform/tenants/tenant-queries.js';
import { createTenant } from './helpers/factories.js';
import { Browser, createStaff } from './helpers/staff.js';
import { type TestApp, withTestApp } from './helpers/test-app.js';
import { onPostgres } from './helpers/test-database.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened));

/** The code an authenticator app shows at the test clock (give or take some steps of 30 s). */
const codeAt = (secret: string, stepsAway = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: t.clock.now().getTime() + stepsAway * 30_000 });

const hasSession = (browser: Browser) => /quietude_session=[^;]+/.test(browser.cookies);

/** A staff member who turned the second factor on from their account page: their secret and recovery codes. */
async function enrolledStaff(tenant: Tenant, role: Role = 'police_agent') {
  const staff = await createStaff(database.db, tenant, role);
  const browser = new Browser(t.app);
  await browser.signIn(staff.email);
  const enrol = await browser.get('/compte/double-authentification');
  const secret = (/<code class="totp-secret">([A-Z2-7 ]+)<\/code>/.exec(enrol.body)?.[1] ?? '').replaceAll(' ', '');
  expect(secret).toHaveLength(32);
  const done = await browser.post('/compte/double-authentification', { code: codeAt(secret) }, '/compte/double-authentification');
  expect(done.statusCode).toBe(200);
  const recovery = [...done.body.matchAll(/<code>([a-z2-9]{5}-[a-z2-9]{5})<\/code>/g)].map((m) => m[1] as string);
  // The confirming code is spent: the next sign-in needs the next one.
  t.clock.advance(30_000);
  return { ...staff, secret, recovery, browser };
}

/** Password first: the answer, and the browser left half signed in when a code is awaited. */
async function passwordStep(email: string) {
  const browser = new Browser(t.app);
  const response = await browser.signIn(email);
  return { browser, response };
}

const sendCode = (browser: Browser, code: string) => browser.post('/connexion/code', { code }, '/connexion/code');

describe(`TOTP second factor (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('enrols from the account page: a QR code and the key once, confirmed by a first code, then recovery codes', async () => {
    const tenant = await createTenant(database.db);
    const { email, userId } = await createStaff(database.db, tenant, 'coordinator');
    const browser = new Browser(t.app);
    const elsewhere = new Browser(t.app);
    await elsewhere.signIn(email);
    await browser.signIn(email);
    expect((await browser.get('/compte')).body).toContain('La double authentification n’est pas activée.');
    const enrol = await browser.get('/compte/double-authentification');
    expect(enrol.body).toContain('src="data:image/svg+xml;base64,');
    const secret = (/<code class="totp-secret">([A-Z2-7 ]+)<\/code>/.exec(enrol.body)?.[1] ?? '').replaceAll(' ', '');
    const qr = Buffer.from(/data:image\/svg\+xml;base64,([^"]+)"/.exec(enrol.body)?.[1] ?? '', 'base64').toString();
    expect(qr).toContain('<svg');
    // A wrong first code: the form again, naming the field; nothing is turned on.
    const wrong = await browser.post('/compte/double-authentification', { code: '000000' }, '/compte/double-authentification');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('ne correspond pas');
    const done = await browser.post(
      '/compte/double-authentification',
      { code: codeAt(secret) },
      '/compte/double-authentification',
    );
    expect(done.body).toContain('Double authentification activée');
    expect([...done.body.matchAll(/<code>[a-z2-9]{5}-[a-z2-9]{5}<\/code>/g)]).toHaveLength(8);
    // The key is never shown again.
    const after = await browser.get('/compte/double-authentification');
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toBe('/compte');
    expect((await browser.get('/compte')).body).not.toContain(secret.slice(0, 4));
    // The session opened elsewhere without a code has ended; this one goes on.
    expect((await elsewhere.get('/compte')).statusCode).toBe(303);
    expect((await browser.get('/compte')).statusCode).toBe(200);
    const stored = await database.db
      .selectFrom('user_recovery_codes')
      .select('code_hash')
      .where('user_id', '=', userId)
      .execute();
    expect(stored).toHaveLength(8);
    expect(stored.every((row) => /^[0-9a-f]{64}$/.test(row.code_hash))).toBe(true);
    const kinds = await database.db.selectFrom('security_events').select('kind').where('user_id', '=', userId).execute();
    expect(kinds.map((k) => k.kind)).toContain('totp_enabled');
  });

  it('asks for the code after the password: a half-signed state that is no session', async () => {
    const tenant = await createTenant(database.db);
    const { email, secret } = await enrolledStaff(tenant);
    const { browser, response } = await passwordStep(email);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/connexion/code');
    expect(hasSession(browser)).toBe(false);
    expect((await browser.get(`/t/${tenant.slug}/espace/`)).headers.location).toMatch(/^\/connexion\?suite=/);
    const wrong = await sendCode(browser, '123456');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('Ce code n’est pas valide ou a déjà servi');
    expect(hasSession(browser)).toBe(false);
    const right = await sendCode(browser, codeAt(secret));
    expect(right.statusCode).toBe(303);
    expect(right.headers.location).toBe('/espace');
    expect(hasSession(browser)).toBe(true);
    expect((await browser.get(`/t/${tenant.slug}/espace/`)).statusCode).toBe(200);
  });

  it('accepts the previous and the next code (±1 step) but never the same code twice', async () => {
    const tenant = await createTenant(database.db);
    const { email, secret } = await enrolledStaff(tenant);
    t.clock.advance(120_000);
    const code = codeAt(secret, -1);
    expect((await sendCode((await passwordStep(email)).browser, code)).statusCode).toBe(303);
    // Replayed (another browser, same minute): refused.
    expect((await sendCode((await passwordStep(email)).browser, code)).statusCode).toBe(401);
    // Older than the last accepted one: refused even though within the window.
    t.clock.advance(30_000);
    expect((await sendCode((await passwordStep(email)).browser, codeAt(secret, -2))).statusCode).toBe(401);
    expect((await sendCode((await passwordStep(email)).browser, codeAt(secret, 1))).statusCode).toBe(303);
    // Two steps away is out of the window.
    t.clock.advance(120_000);
    expect((await sendCode((await passwordStep(email)).browser, codeAt(secret, 2))).statusCode).toBe(401);
  });

  it('takes a recovery code once', async () => {
    const tenant = await createTenant(database.db);
    const { email, recovery, userId } = await enrolledStaff(tenant);
    const [first = ''] = recovery;
    const used = await sendCode((await passwordStep(email)).browser, first.toUpperCase().replace('-', ' '));
    expect(used.statusCode).toBe(303);
    expect((await sendCode((await passwordStep(email)).browser, first)).statusCode).toBe(401);
    const kinds = await database.db.selectFrom('security_events').select('kind').where('user_id', '=', userId).execute();
    expect(kinds.map((k) => k.kind)).toContain('recovery_code_used');
  });

  it('locks the account after repeated wrong codes, even for the right one, until the lock ends', async () => {
    const tenant = await createTenant(database.db);
    const { email, secret } = await enrolledStaff(tenant);
    const { browser } = await passwordStep(email);
    for (let i = 0; i < MAX_FAILURES; i++) await sendCode(browser, '000000');
    const locked = await sendCode(browser, codeAt(secret));
    expect(locked.statusCode).toBe(429);
    expect(locked.body).toContain('Trop de codes erronés');
    expect(hasSession(browser)).toBe(false);
    t.clock.advance(16 * 60_000);
    expect((await sendCode((await passwordStep(email)).browser, codeAt(secret))).statusCode).toBe(303);
  });

  it('forgets a half sign-in after 5 minutes', async () => {
    const tenant = await createTenant(database.db);
    const { email, secret } = await enrolledStaff(tenant);
    const { browser } = await passwordStep(email);
    t.clock.advance(6 * 60_000);
    expect((await browser.get('/connexion/code')).statusCode).toBe(400);
    // The form's token from another page: the code itself is then refused for the expiry.
    const late = await browser.post('/connexion/code', { code: codeAt(secret) }, '/connexion');
    expect(late.statusCode).toBe(400);
    expect(late.body).toContain('La connexion a expiré');
    expect(hasSession(browser)).toBe(false);
  });

  it('turns off with a code only', async () => {
    const tenant = await createTenant(database.db);
    const { email, secret, browser } = await enrolledStaff(tenant, 'mediator');
    const wrong = await browser.post('/compte/double-authentification/desactiver', { code: '000000' }, '/compte');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('n’est pas un code valide');
    const off = await browser.submit('/compte/double-authentification/desactiver', { code: codeAt(secret) }, '/compte');
    expect(off.body).toContain('La double authentification est désactivée.');
    const { response } = await passwordStep(email);
    expect(response.headers.location).toBe('/espace');
  });

  it('is removed by the operator for someone who lost phone and recovery codes, ending their sessions', async () => {
    const tenant = await createTenant(database.db);
    const { email, browser } = await enrolledStaff(tenant, 'mediator');
    expect((await resetSecondFactor(database.db, t.clock, email.toUpperCase())).hadOne).toBe(true);
    expect(hasSession(browser) && (await browser.get('/compte')).statusCode).toBe(303);
    expect((await passwordStep(email)).response.headers.location).toBe('/espace');
    expect((await resetSecondFactor(database.db, t.clock, email)).hadOne).toBe(false);
    await expect(resetSecondFactor(database.db, t.clock, 'nobody@example.test')).rejects.toThrow('No account');
  });
});

describe('second factor required by the tenant for some roles', () => {
  const settingsForm = (roles: string) => ({
    programmes: 'reports',
    safePlaceSchemeName: '',
    smallNumberThreshold: '5',
    safePlaceConfirmationMonths: '6',
    safePlaceTrainingYears: '2',
    dpoContact: '',
    coordinatorContact: '',
    helpNumbers: '',
    totpRequiredRoles: roles,
  });

  it('sends a member with such a role to enrolment and keeps them out of the tenant’s pages until done', async () => {
    const tenant = await createTenant(database.db);
    const admin = await createStaff(database.db, tenant, 'admin');
    const settings = `/t/${tenant.slug}/espace/parametres`;
    const adminBrowser = new Browser(t.app);
    await adminBrowser.signIn(admin.email);
    expect((await adminBrowser.get(settings)).body).toContain('Rôles tenus d’utiliser la double authentification');
    const saved = await adminBrowser.post(settings, settingsForm('police_agent'), settings);
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toMatch(/id="totp-role-police_agent"[^>]*checked/);
    const audit = await withTenant(database.db, tenant.id, (tx) =>
      tx.selectFrom('audit_events').select('fields').where('action', '=', 'platform.update-settings').execute(),
    );
    expect(audit.at(-1)?.fields).toContain('totp_required_roles');

    const agent = await createStaff(database.db, tenant, 'police_agent');
    const browser = new Browser(t.app);
    expect((await browser.signIn(agent.email)).headers.location).toBe('/espace');
    const home = `/t/${tenant.slug}/espace/`;
    const sent = await browser.get(home);
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`/compte/double-authentification?suite=${encodeURIComponent(home)}`);
    const enrol = await browser.get(sent.headers.location as string);
    expect(enrol.body).toContain('Votre rôle dans cette collectivité exige la double authentification');
    // Not a page either: a form post to the tenant is refused.
    const post = await browser.post(`/t/${tenant.slug}/espace/jetons`, { name: 'x' }, '/compte');
    expect(post.statusCode).toBe(403);

    const secret = (/<code class="totp-secret">([A-Z2-7 ]+)<\/code>/.exec(enrol.body)?.[1] ?? '').replaceAll(' ', '');
    const done = await browser.post(
      '/compte/double-authentification',
      { code: codeAt(secret), suite: home },
      sent.headers.location as string,
    );
    expect(done.body).toContain(`href="${home}"`);
    expect((await browser.get(home)).statusCode).toBe(200);

    // Other roles of the same tenant are not concerned; the admin still reaches the settings.
    expect((await adminBrowser.get(settings)).statusCode).toBe(200);
  });

  it('refuses an unknown role with a 400 naming the field, and saves nothing', async () => {
    const tenant = await createTenant(database.db);
    const admin = await createStaff(database.db, tenant, 'admin');
    const settings = `/t/${tenant.slug}/espace/parametres`;
    const browser = new Browser(t.app);
    await browser.signIn(admin.email);
    const refused = await browser.post(settings, { ...settingsForm('wizard'), smallNumberThreshold: '7' }, settings);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('wizard n’est pas un rôle');
    const row = await database.db
      .selectFrom('tenant_settings')
      .select(['small_number_threshold', 'totp_required_roles'])
      .where('tenant_id', '=', tenant.id)
      .executeTakeFirst();
    expect(row?.small_number_threshold ?? 5).toBe(5);
    expect(row?.totp_required_roles ?? []).toEqual([]);
  });
});
