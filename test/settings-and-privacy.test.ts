import { describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { withTenant } from '../src/db/tenant-transaction.js';
import { inviteMember } from '../src/platform/accounts/invitations.js';
import { applyRetention } from '../src/platform/privacy/apply-retention.js';
import { createTenant, systemContext } from './helpers/factories.js';
import { Browser, createStaff } from './helpers/staff.js';
import { type TestApp, withTestApp } from './helpers/test-app.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened));

const settingsForm = (overrides: Record<string, string> = {}) => ({
  programmes: 'reports',
  safePlaceSchemeName: 'Demandez Angela',
  smallNumberThreshold: '10',
  'retention.invitations': '14',
  dpoContact: 'dpo@ville.test',
  coordinatorContact: '',
  helpNumbers: '0381000000 — Accueil de jour',
  safePlaceConfirmationMonths: '4',
  safePlaceTrainingYears: '3',
  ...overrides,
});

describe('tenant settings', () => {
  it('are changed by the admin, shown to the public, and audited by name only', async () => {
    const tenant = await createTenant(database.db, { programmes: ['safe-places'] });
    const admin = await createStaff(database.db, tenant, 'admin');
    const browser = new Browser(t.app);
    await browser.signIn(admin.email);
    const saved = await browser.post(
      `/t/${tenant.slug}/espace/parametres`,
      settingsForm(),
      `/t/${tenant.slug}/espace/parametres`,
    );
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('Paramètres enregistrés.');
    const home = await t.app.inject({ method: 'GET', url: `/t/${tenant.slug}/` });
    expect(home.body).toContain('href="tel:0381000000"');
    expect(home.body).toContain('Signalements');
    expect(home.body).not.toContain('Lieux sûrs');
    const events = await withTenant(database.db, tenant.id, (tx) =>
      tx.selectFrom('audit_events').select(['action', 'fields']).where('action', '=', 'platform.update-settings').execute(),
    );
    expect(events[0]?.fields).toEqual(
      expect.arrayContaining([
        'programmes',
        'safe_place_scheme_name',
        'small_number_threshold',
        'retention_days',
        'dpo_contact',
        'help_numbers',
        'safe_place_confirmation_months',
        'safe_place_training_years',
      ]),
    );
    expect(JSON.stringify(events)).not.toContain('dpo@ville.test');
  });

  it('refuse a threshold under 5 and a delay out of bounds, naming the field, and change nothing', async () => {
    const tenant = await createTenant(database.db);
    const admin = await createStaff(database.db, tenant, 'admin');
    const browser = new Browser(t.app);
    await browser.signIn(admin.email);
    const low = await browser.post(
      `/t/${tenant.slug}/espace/parametres`,
      settingsForm({ smallNumberThreshold: '3' }),
      `/t/${tenant.slug}/espace/parametres`,
    );
    expect(low.statusCode).toBe(400);
    expect(low.body).toContain('doit être un nombre entier de 5 à 100');
    const long = await browser.post(
      `/t/${tenant.slug}/espace/parametres`,
      settingsForm({ 'retention.invitations': '9999' }),
      `/t/${tenant.slug}/espace/parametres`,
    );
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('de 1 à 365');
    const word = await browser.post(
      `/t/${tenant.slug}/espace/parametres`,
      settingsForm({ smallNumberThreshold: 'ten' }),
      `/t/${tenant.slug}/espace/parametres`,
    );
    expect(word.statusCode).toBe(400);
    const never = await browser.post(
      `/t/${tenant.slug}/espace/parametres`,
      settingsForm({ safePlaceConfirmationMonths: '0' }),
      `/t/${tenant.slug}/espace/parametres`,
    );
    expect(never.statusCode).toBe(400);
    expect(never.body).toContain('doit être un nombre entier de mois de 1 à 24');
    const rows = await withTenant(database.db, tenant.id, (tx) =>
      tx.selectFrom('tenant_settings').selectAll().where('tenant_id', '=', tenant.id).execute(),
    );
    expect(rows).toEqual([]);
  });

  it('are the admin’s alone', async () => {
    const tenant = await createTenant(database.db);
    const coordinator = await createStaff(database.db, tenant, 'coordinator');
    const browser = new Browser(t.app);
    await browser.signIn(coordinator.email);
    expect((await browser.get(`/t/${tenant.slug}/espace/parametres`)).statusCode).toBe(403);
  });
});

describe('record of processing', () => {
  it('lists each enabled module’s processing with the delays in force, on a page and through the API', async () => {
    const tenant = await createTenant(database.db);
    const coordinator = await createStaff(database.db, tenant, 'coordinator');
    const browser = new Browser(t.app);
    await browser.signIn(coordinator.email);
    const page = await browser.get(`/t/${tenant.slug}/espace/confidentialite`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Registre des traitements');
    expect(page.body).toContain('Mission d’intérêt public (RGPD art. 6-1-e)');
    expect(page.body).toContain('30 jours (Invitations acceptées ou expirées)');

    const admin = await createStaff(database.db, tenant, 'admin');
    const adminBrowser = new Browser(t.app);
    await adminBrowser.signIn(admin.email);
    const made = await adminBrowser.post(
      `/t/${tenant.slug}/espace/jetons`,
      { name: 'Outil du DPO', permissions: 'platform.privacy-register' },
      `/t/${tenant.slug}/espace/jetons`,
    );
    const token = /<code>(qt_[A-Za-z0-9_-]+)<\/code>/.exec(made.body)?.[1];
    const api = await t.app.inject({
      method: 'GET',
      url: `/api/v1/t/${tenant.slug}/privacy/register?lang=en`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(api.statusCode).toBe(200);
    const invitations = api.json().entries.find((e: { id: string }) => e.id === 'invitations');
    expect(invitations).toMatchObject({
      module: 'platform',
      retentionDays: 30,
      legalBasis: 'Public task (GDPR art. 6(1)(e))',
      sensitive: false,
    });
  });
});

describe('retention', () => {
  it('purges what is older than the tenant’s delay, and audits the count only', async () => {
    const tenant = await createTenant(database.db);
    const ctx = systemContext(database.db, tenant);
    await inviteMember(ctx, { email: 'old@ville.test', role: 'mediator', publicUrl: 'http://x.test' });
    // 40 days later the unanswered invitation has expired for 33 days: beyond the default 30.
    ctx.clock = { now: () => new Date(new Date('2026-11-25T22:30:00Z').getTime() + 40 * 86_400_000) };
    await inviteMember(ctx, { email: 'recent@ville.test', role: 'mediator', publicUrl: 'http://x.test' });
    // Every rule of the tenant's modules runs; only the platform's invitations had anything to purge.
    expect(await applyRetention(ctx, undefined)).toEqual({
      invitations: 1,
      'report-contacts': 0,
      'report-precise-points': 0,
      reports: 0,
    });
    const left = await withTenant(database.db, tenant.id, (tx) => tx.selectFrom('invitations').select('email').execute());
    expect(left.map((i) => i.email)).toEqual(['recent@ville.test']);
    const purge = await withTenant(database.db, tenant.id, (tx) =>
      tx.selectFrom('audit_events').selectAll().where('action', '=', 'platform.apply-retention').executeTakeFirstOrThrow(),
    );
    expect(purge).toMatchObject({ entity_type: 'retention', entity_id: 'invitations', fields: [], count: 1 });
  });
});

describe('data-subject requests', () => {
  it('find, export and erase what the platform holds about a person, each step audited without the person’s data', async () => {
    const tenant = await createTenant(database.db);
    const admin = await createStaff(database.db, tenant, 'admin');
    const subject = await createStaff(database.db, tenant, 'mediator', { email: 'personne.concernee@ville.test' });
    await inviteMember(systemContext(database.db, tenant), {
      email: 'personne.concernee@ville.test',
      role: 'educator',
      publicUrl: 'http://x.test',
    });
    // A sign-in identity and a second factor belong to the account too: the export says they exist, never the key.
    const subjectId = (
      await database.db.selectFrom('users').select('id').where('email', '=', subject.email).executeTakeFirstOrThrow()
    ).id;
    const linkedAt = new Date('2026-11-20T08:00:00Z');
    await database.db
      .insertInto('user_identities')
      .values({ user_id: subjectId, issuer: 'https://proconnect.test', subject: 'agent-42', created_at: linkedAt })
      .execute();
    await database.db
      .insertInto('user_totp')
      .values({ user_id: subjectId, secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', created_at: linkedAt, confirmed_at: linkedAt })
      .execute();
    const browser = new Browser(t.app);
    await browser.signIn(admin.email);
    const page = `/t/${tenant.slug}/espace/droits`;

    const found = await browser.post(page, { q: ' Personne.Concernee@ville.test ' }, page);
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain('Compte d’agent et rôles');
    expect(found.body).toMatch(/Invitations<\/strong> — 2 enregistrement/);

    const exported = await browser.post(`${page}/export`, { q: 'personne.concernee@ville.test' }, page);
    expect(exported.headers['content-disposition']).toContain('attachment');
    const data = JSON.parse(exported.body);
    expect(data.sources.map((s: { source: string }) => s.source)).toEqual(['staff-account', 'invitations']);
    expect(data.sources[0].records[0]).toMatchObject({ email: 'personne.concernee@ville.test', role: 'mediator' });
    expect(data.sources[0].records).toContainEqual(
      expect.objectContaining({ issuer: 'https://proconnect.test', subject: 'agent-42' }),
    );
    expect(data.sources[0].records).toContainEqual({ second_factor_confirmed_at: linkedAt.toISOString() });
    expect(exported.body).not.toContain('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');

    const unconfirmed = await browser.post(`${page}/effacer`, { q: 'personne.concernee@ville.test' }, page);
    expect(unconfirmed.statusCode).toBe(400);
    const erased = await browser.post(`${page}/effacer`, { q: 'personne.concernee@ville.test', confirm: 'yes' }, page);
    expect(erased.statusCode).toBe(200);
    expect(erased.body).toContain('3 enregistrement(s) effacé(s).');
    const again = await browser.post(page, { q: 'personne.concernee@ville.test' }, page);
    expect(again.body).toContain('Rien n’est conservé sur cette personne.');
    expect((await new Browser(t.app).signIn(subject.email)).statusCode).toBe(303);

    const log = await withTenant(database.db, tenant.id, (tx) =>
      tx
        .selectFrom('audit_events')
        .select(['action', 'fields', 'count'])
        .where('action', 'like', 'platform.data-request%')
        .orderBy('seq')
        .execute(),
    );
    expect(log.map((e) => e.action)).toEqual([
      'platform.data-request-find',
      'platform.data-request-find',
      'platform.data-request-erase',
      'platform.data-request-erase',
      // The reports module is asked too (the tenant runs it): nothing there, and the count says so.
      'platform.data-request-erase',
      'platform.data-request-find',
    ]);
    // Found: the role, the linked identity, the second factor and two invitations; erased: the role and the invitations.
    expect(log.map((e) => e.count)).toEqual([5, 5, 1, 2, 0, 0]);
    expect(JSON.stringify(log)).not.toContain('personne.concernee');
  });

  it('asks for an e-mail address or a phone number', async () => {
    const tenant = await createTenant(database.db);
    const admin = await createStaff(database.db, tenant, 'admin');
    const browser = new Browser(t.app);
    await browser.signIn(admin.email);
    const page = `/t/${tenant.slug}/espace/droits`;
    const refused = await browser.post(page, { q: 'Jean' }, page);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('indiquez une adresse électronique ou un numéro de téléphone');
  });
});
