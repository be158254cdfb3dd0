import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWithoutReports } from '../../../test/helpers/demo.js';
import { Browser, createStaff } from '../../../test/helpers/staff.js';
import { outbox, type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { publicActor } from '../../platform/access/actor.js';
import { requireTenant, type Tenant } from '../../platform/tenants/tenant-queries.js';
import { notifyAssignedOrganisation } from './notify-report.js';
import { cleanPhotos } from './photos.js';
import { type ReportInput, submitReport } from './submit-report.js';

let database: Database;
let t: TestApp;
const mail = outbox();
withTestApp((opened) => ({ database, t } = opened), { now: '2026-11-28T22:00:00Z', mailer: mail, demo: true });

const DEMO = 'quietude-demo';
const townHall = { lat: 47.238, lon: 6.0243 };
let tenant: Tenant;
let list: string;
const demo = (role: string) => `${role}.besancon@demo.invalid`;

beforeAll(async () => {
  await seedDemoWithoutReports(database.db);
  tenant = await requireTenant(database.db, 'besancon');
  list = `/t/${tenant.slug}/espace/signalements`;
});

async function report(input: Partial<ReportInput> & { categoryCode: string }) {
  const ctx = { db: database.db, clock: t.clock, actor: publicActor, tenant };
  return submitReport(ctx, { ...townHall, description: 'Des propos insistants le soir.', source: 'web', ...input });
}

async function signedIn(email: string, password?: string) {
  const browser = new Browser(t.app);
  const response = await browser.signIn(email, password);
  expect(response.statusCode).toBe(303);
  return browser;
}

const row = (id: string) =>
  withTenant(database.db, tenant.id, (tx) => tx.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
const events = (id: string) =>
  withTenant(database.db, tenant.id, (tx) =>
    tx.selectFrom('report_events').selectAll().where('report_id', '=', id).orderBy('at').orderBy('id').execute(),
  );
const auditOf = (id: string, action: string) =>
  withTenant(database.db, tenant.id, (tx) =>
    tx.selectFrom('audit_events').selectAll().where('entity_id', '=', id).where('action', '=', action).execute(),
  );

describe('who sees which report', () => {
  it('an organisation sees its own reports only; without an organisation, none; the coordinator all, never the contact', async () => {
    const [photo] = await cleanPhotos([
      await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } })
        .png()
        .toBuffer(),
    ]);
    const harassment = await report({
      categoryCode: 'outrage-sexiste',
      contact: { name: 'Camille Témoin', email: 'camille@example.test', phone: '06 12 34 56 78' },
      photos: photo ? [photo] : [],
    });
    const damage = await report({ categoryCode: 'degradation', description: 'Abribus cassé.' });

    const partner = await signedIn(demo('partner_organisation'), DEMO);
    const mine = await partner.get(list);
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain(`${list}/${harassment.id}`);
    expect(mine.body).not.toContain(damage.id);
    expect(mine.body).not.toContain('camille@example.test');
    // The staff map: one point per listed report, each a link to it.
    const map = mine.body.slice(mine.body.indexOf('<figure>'), mine.body.indexOf('</figure>'));
    expect(map).toContain(`<a href="${list}/${harassment.id}"`);
    expect(map).not.toContain(damage.id);
    expect((await partner.get(`${list}/${damage.id}`)).statusCode).toBe(404);
    expect((await partner.get(`${list}/not-an-id`)).statusCode).toBe(404);

    // A membership with reports.handle but no organisation sees nothing, not the whole tenant.
    const operator = await signedIn(demo('transit_operator'), DEMO);
    expect((await operator.get(list)).body).toContain('Aucun signalement.');
    expect((await operator.get(`${list}/${harassment.id}`)).statusCode).toBe(404);
    // A staff member without either permission is refused.
    const mediator = await createStaff(database.db, tenant, 'educator');
    expect((await (await signedIn(mediator.email)).get(list)).statusCode).toBe(403);

    const coordinator = await signedIn(demo('coordinator'), DEMO);
    const all = await coordinator.get(list);
    expect(all.body).toContain(harassment.id);
    expect(all.body).toContain(damage.id);
    const seen = await coordinator.get(`${list}/${harassment.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.headers['cache-control']).toBe('no-store');
    expect(seen.body).toContain('Des propos insistants le soir.');
    expect(seen.body).not.toContain('camille@example.test');
    expect(seen.body).not.toContain('Voir les coordonnées');
    expect((await coordinator.post(`${list}/${harassment.id}/coordonnees`, {}, `${list}/${harassment.id}`)).statusCode).toBe(404);

    // Photos: served to whoever may see the report, never cached; 404 out of reach.
    const photoUrl = /src="([^"]+\.jpg)"/.exec(seen.body)?.[1] as string;
    expect(photoUrl).toMatch(new RegExp(`^${list}/${harassment.id}/photos/[0-9a-f-]{36}\\.jpg$`));
    const image = await coordinator.get(photoUrl);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(image.headers['cache-control']).toBe('no-store');
    expect((await operator.get(photoUrl)).statusCode).toBe(404);
    // Signed out: the page surface sends to the sign-in page, never the picture.
    const anonymous = await new Browser(t.app).get(photoUrl);
    expect(anonymous.statusCode).not.toBe(200);
    expect(anonymous.headers['content-type']).not.toBe('image/jpeg');
  });

  it('the handling organisation sees the contact only after the button, and every view is audited by field name', async () => {
    const sent = await report({
      categoryCode: 'lgbtiphobie',
      contact: { name: 'Sam Exemple', email: 'sam@example.test', phone: '0611223344' },
    });
    const page = `${list}/${sent.id}`;
    const partner = await signedIn(demo('partner_organisation'), DEMO);
    const before = await partner.get(page);
    expect(before.body).toContain('Voir les coordonnées');
    expect(before.body).not.toContain('sam@example.test');
    expect(await auditOf(sent.id, 'reports.view-contact')).toHaveLength(0);

    const shown = await partner.post(`${page}/coordonnees`, {}, page);
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['cache-control']).toBe('no-store');
    expect(shown.body).toContain('sam@example.test');
    expect(shown.body).toContain('Sam Exemple');
    expect(await auditOf(sent.id, 'reports.view-contact')).toHaveLength(1);
    await partner.post(`${page}/coordonnees`, {}, page);
    const audited = await auditOf(sent.id, 'reports.view-contact');
    expect(audited).toHaveLength(2);
    expect(audited[0]?.fields).toEqual(['contact_name', 'contact_email', 'contact_phone']);
    expect(JSON.stringify(audited)).not.toMatch(/sam@example|Sam Exemple|0611223344/);
    // Reading the report itself is audited too.
    expect((await auditOf(sent.id, 'reports.read-report')).length).toBeGreaterThanOrEqual(3);
  });
});

describe('handling a report', () => {
  it('moves along allowed transitions only, rejects with a reason, and tells the reporter the generic state only', async () => {
    const sent = await report({
      categoryCode: 'outrage-sexiste',
      contact: { email: 'reporter@example.test' },
      notifyReporter: true,
    });
    const page = `${list}/${sent.id}`;
    const partner = await signedIn(demo('partner_organisation'), DEMO);

    const bad = await partner.submit(`${page}/etat`, { to: 'resolved' }, page);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('passage impossible de « Nouveau » à « Résolu »');
    expect(bad.body).toContain('Des propos insistants le soir.');
    const noReason = await partner.submit(`${page}/etat`, { to: 'rejected', reason: ' ' }, page);
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('indiquez le motif du rejet');
    expect((await row(sent.id)).status).toBe('new');
    expect(mail.sent.filter((m) => m.to === 'reporter@example.test')).toHaveLength(0);

    const moved = await partner.submit(`${page}/etat`, { to: 'in_progress' }, page);
    expect(moved.statusCode).toBe(200);
    expect(moved.body).toContain('Enregistré.');
    const internal = 'Patrouille de la brigade de nuit prévue vendredi';
    await partner.submit(`${page}/note`, { note: internal }, page);
    t.clock.advance(1000);
    await partner.submit(`${page}/note`, { note: 'Merci, votre signalement est pris en compte.', forReporter: 'yes' }, page);
    await partner.submit(`${page}/etat`, { to: 'resolved', reason: 'Interpellation effectuée' }, page);

    const stored = await row(sent.id);
    expect(stored.status).toBe('resolved');
    expect(stored.closed_at).not.toBeNull();
    const notes = (await events(sent.id)).filter((e) => e.kind === 'note').map((e) => [e.note, e.for_reporter]);
    expect(notes).toEqual([
      [internal, false],
      ['Merci, votre signalement est pris en compte.', true],
    ]);

    const toReporter = mail.sent.filter((m) => m.to === 'reporter@example.test');
    expect(toReporter.map((m) => /maintenant : (\S+)\./.exec(m.text)?.[1])).toEqual(['transmis', 'traité']);
    for (const m of toReporter) {
      expect(m.text).toContain(`/t/${tenant.slug}/suivi`);
      expect(m.text).toContain('avec le lien que vous avez reçu');
      expect(m.text).not.toMatch(/Patrouille|Interpellation|police|En cours|in_progress|résolu|Des propos/i);
    }
  });

  it('records an article 40 notice, and refuses a date to come', async () => {
    const sent = await report({ categoryCode: 'outrage-sexiste' });
    const page = `${list}/${sent.id}`;
    const partner = await signedIn(demo('partner_organisation'), DEMO);
    const future = await partner.submit(`${page}/article40`, { informedOn: '2027-01-05', informedBy: 'Chef de poste' }, page);
    expect(future.statusCode).toBe(400);
    const done = await partner.submit(
      `${page}/article40`,
      { informedOn: '2026-11-27', informedBy: 'Chef de poste Martin' },
      page,
    );
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Avis article 40 : 2026-11-27 — Chef de poste Martin');
    expect((await events(sent.id)).filter((e) => e.kind === 'article40').map((e) => e.note)).toEqual([
      '2026-11-27 — Chef de poste Martin',
    ]);
    expect(await auditOf(sent.id, 'reports.record-article40')).toHaveLength(1);
  });

  it('shows the open reports within 200 m and merges a duplicate into its original', async () => {
    const original = await report({ categoryCode: 'outrage-sexiste', lat: 47.2391, lon: 6.0301 });
    const duplicate = await report({ categoryCode: 'outrage-sexiste', lat: 47.2395, lon: 6.0303 }); // ~50 m
    const far = await report({ categoryCode: 'outrage-sexiste', lat: 47.2481, lon: 6.0301 }); // ~1 km
    const page = `${list}/${duplicate.id}`;
    const partner = await signedIn(demo('partner_organisation'), DEMO);
    const seen = await partner.get(page);
    const nearby = seen.body.slice(seen.body.indexOf('Signalements proches'));
    expect(nearby).toContain(original.id);
    expect(nearby).not.toContain(far.id);

    expect((await partner.submit(`${page}/doublon`, { into: duplicate.id }, page)).statusCode).toBe(400);
    const merged = await partner.submit(`${page}/doublon`, { into: original.id }, page);
    expect(merged.statusCode).toBe(200);
    const stored = await row(duplicate.id);
    expect([stored.status, stored.duplicate_of, stored.closed_at !== null]).toEqual(['closed', original.id, true]);
    expect((await events(original.id)).map((e) => [e.kind, e.note])).toContainEqual(['merge', duplicate.id]);
    // A closed report is no longer « nearby »; the original is still open.
    const after = await partner.get(`${list}/${original.id}`);
    expect(after.body.slice(after.body.indexOf('Signalements proches'))).not.toContain(`${list}/${duplicate.id}"`);
    expect((await row(original.id)).status).toBe('new');
  });
});

describe('notifications and assignment', () => {
  it('mails the receiving organisation on routing and on assignment: the category, the date, the link — no description, no contact', async () => {
    const sent = await report({
      categoryCode: 'outrage-sexiste',
      description: 'Un homme suit les passantes rue Battant.',
      contact: { email: 'witness@example.test' },
    });
    const before = mail.sent.length;
    expect(await notifyAssignedOrganisation(t.deps, tenant, sent.id)).toBeGreaterThan(0);
    const routed = mail.sent.slice(before);
    expect(routed.map((m) => m.to)).toContain(demo('partner_organisation'));
    expect(routed.map((m) => m.to)).not.toContain(demo('coordinator'));
    expect(routed[0]?.text).toContain('Outrage sexiste et sexuel');
    expect(routed[0]?.text).toContain(`/t/${tenant.slug}/espace/signalements/${sent.id}`);
    expect(routed[0]?.text).toContain('28 novembre 2026');
    expect(routed[0]?.text).not.toMatch(/rue Battant|witness@example/);

    // The coordinator hands a cleaning report to the municipal police: its members are told and now see it.
    const damage = await report({ categoryCode: 'degradation', description: 'Tag injurieux sur le mur de l’école.' });
    const partner = await signedIn(demo('partner_organisation'), DEMO);
    expect((await partner.get(`${list}/${damage.id}`)).statusCode).toBe(404);
    const coordinator = await signedIn(demo('coordinator'), DEMO);
    const page = `${list}/${damage.id}`;
    const form = (await coordinator.get(page)).body;
    const police = /<option value="([0-9a-f-]{36})">Police municipale/.exec(form)?.[1] as string;
    expect(police).toBeDefined();
    const beforeAssign = mail.sent.length;
    const assigned = await coordinator.submit(`${page}/transmettre`, { organisationId: police }, page);
    expect(assigned.statusCode).toBe(200);
    expect((await row(damage.id)).status).toBe('assigned');
    const told = mail.sent.slice(beforeAssign);
    expect(told.map((m) => m.to)).toContain(demo('partner_organisation'));
    expect(told.every((m) => !m.text.includes('Tag injurieux'))).toBe(true);
    expect((await partner.get(page)).statusCode).toBe(200);
    // Only the coordinator assigns.
    expect((await partner.post(`${page}/transmettre`, { organisationId: police }, page)).statusCode).toBe(403);
  });

  it('the coordinator publishes a redacted description, or hides it', async () => {
    const sent = await report({ categoryCode: 'degradation', description: 'M. Dupont a cassé le banc.' });
    const page = `${list}/${sent.id}`;
    const coordinator = await signedIn(demo('coordinator'), DEMO);
    expect((await coordinator.submit(`${page}/publication`, { action: 'publish', text: '' }, page)).statusCode).toBe(400);
    await coordinator.submit(`${page}/publication`, { action: 'publish', text: 'Banc cassé.' }, page);
    expect((await row(sent.id)).published_description).toBe('Banc cassé.');
    await coordinator.submit(`${page}/publication`, { action: 'hide' }, page);
    const hidden = await row(sent.id);
    expect([hidden.moderation, hidden.published_description]).toEqual(['hidden', null]);
  });
});

describe('staff intake', () => {
  it('records a report taken by phone (source staff), routes it, and shows the follow-up link once', async () => {
    const partner = await signedIn(demo('partner_organisation'), DEMO);
    const home = await partner.get(`/t/${tenant.slug}/espace/`);
    expect(home.body).toContain(`href="${list}"`);
    const form = `${list}/nouveau?categorie=eclairage`;
    const missing = await partner.post(`${list}/nouveau`, { category: 'eclairage', lat: '47.238', lon: '6.0243' }, form);
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('réponse obligatoire');
    const before = mail.sent.length;
    const done = await partner.submit(
      `${list}/nouveau`,
      {
        category: 'outrage-sexiste',
        lat: '47,2385',
        lon: '6,0250',
        description: 'Appel d’une passante : remarques répétées à l’arrêt de bus.',
        reporterRole: 'victim',
        phone: '06 00 00 00 01',
      },
      `${list}/nouveau`,
    );
    expect(done.statusCode).toBe(200);
    const link = /\/t\/besancon\/suivi\/([A-Za-z0-9_-]{43})/.exec(done.body);
    expect(link).not.toBeNull();
    const id = /signalements\/([0-9a-f-]{36})"/.exec(done.body)?.[1] as string;
    const stored = await row(id);
    expect([stored.source, stored.reporter_role, stored.contact_phone]).toEqual(['staff', 'victim', '06 00 00 00 01']);
    expect(mail.sent.slice(before).map((m) => m.to)).toContain(demo('partner_organisation'));
  });
});
