import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { systemContext } from '../../../test/helpers/factories.js';
import { mediationTenant } from '../../../test/helpers/mediation.js';
import { writeReportEntries } from '../../../test/helpers/mediation-report.js';
import { Browser } from '../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/database.js';
import { actAsTenant } from '../../db/tenant-transaction.js';
import { createApiToken } from '../../platform/accounts/api-tokens.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { now: '2026-11-20T19:00:00Z' });

const popplerPresent = spawnSync('pdftotext', ['-v']).error === undefined;
const skipWithoutPoppler = (() => {
  if (popplerPresent || process.env.REQUIRE_BROWSER === '1' || process.env.REQUIRE_POPPLER === '1') return false;
  console.warn('Mediation report PDF text: skipped, no pdftotext (apt-get install -y poppler-utils).');
  return true;
})();

const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);

/** The test tenant, its entries, and the funding member speaking for « Ville de A ». */
async function setUp() {
  const m = await mediationTenant(database.db);
  const w = await writeReportEntries(database.db, m);
  await database.db.transaction().execute(async (tx) => {
    await actAsTenant(tx, m.tenant.id, { operation: 'test.mediation-report' });
    await tx.updateTable('memberships').set({ organisation_id: w.memberA }).where('user_id', '=', m.funder.userId).execute();
  });
  const signedIn = async (email: string) => {
    const browser = new Browser(t.app);
    expect((await browser.signIn(email)).statusCode).toBe(303);
    return browser;
  };
  return { m, w, manager: await signedIn(m.managerA.email), funder: await signedIn(m.funder.email) };
}

describe('the mediation report page, PDF, CSV and API', () => {
  it('shows managers the whole GIP and funding members their own territories, with charts beside tables; bad dates → 400 naming the field', async () => {
    const { m, w, manager, funder } = await setUp();
    const base = `/t/${m.tenant.slug}/espace/mediation/rapport`;
    const inPeriod = w.encounters.filter((e) => e.inPeriod);
    const query = `?from=${w.from}&to=${w.to}`;

    expect((await manager.get(`/t/${m.tenant.slug}/espace/`)).body).toContain(base);
    expect((await funder.get(`/t/${m.tenant.slug}/espace/`)).body).toContain(base);
    const gip = await manager.get(`${base}${query}`);
    expect(gip.statusCode).toBe(200);
    expect(gip.headers['cache-control']).toBe('no-store');
    expect(gip.body).toContain('Période du 2026-09-01 au 2026-10-31');
    expect(gip.body).toContain(`<td class="num">${sum(inPeriod.map((e) => e.people))}</td>`);
    expect(gip.body).toContain('Secteur B');
    // Every chart is an SVG with a title, followed by its table.
    const charts = gip.body.match(/<svg class="report-chart"[^>]*role="img"/g) ?? [];
    expect(charts.length).toBeGreaterThanOrEqual(7);
    expect(gip.body).toMatch(/<\/svg><section class="table-scroll"[^>]*><table id="par_mois">/);

    // The funding member asks for the whole GIP: it gets its own member's report, protected.
    const own = await funder.get(`${base}${query}`);
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('territoires financés par Ville de A');
    expect(own.body).toContain('Secteur A');
    expect(own.body).not.toContain('Secteur B');
    expect(own.body).toContain('secret stat.');
    expect(own.body).not.toContain('name="member"');

    const late = await manager.get(`${base}?from=2026-10-31&to=2026-09-01`);
    expect(late.statusCode).toBe(400);
    expect(late.body).toContain('<li>to : ne peut pas précéder la date de début</li>');
    const notADate = await funder.get(`${base}?from=2026-02-30&to=2026-03-01`);
    expect(notADate.statusCode).toBe(400);
    expect(notADate.body).toContain('<li>from : doit être une date (AAAA-MM-JJ)</li>');

    const mediator = new Browser(t.app);
    await mediator.signIn(m.mediatorA.email);
    expect((await mediator.get(`${base}${query}`)).statusCode).toBe(403);
  });

  it('exports the same figures as a CSV with its documented columns, hidden figures left empty', async () => {
    const { m, w, manager, funder } = await setUp();
    const url = `/t/${m.tenant.slug}/espace/mediation/rapport.csv?from=${w.from}&to=${w.to}`;
    const exact = await manager.get(url);
    expect(exact.statusCode).toBe(200);
    expect(exact.headers['content-type']).toContain('text/csv');
    const rows: Record<string, string>[] = parse(exact.body, { columns: true });
    expect(Object.keys(rows[0] as object)).toEqual(['section', 'cle', 'libelle', 'mesure', 'valeur', 'masque']);
    const inPeriod = w.encounters.filter((e) => e.inPeriod);
    const find = (section: string, key: string, measure: string, from = rows) =>
      from.find((r) => r.section === section && r.cle === key && r.mesure === measure);
    expect(find('ensemble', 'personnes_rencontrees', 'valeur')?.valeur).toBe(String(sum(inPeriod.map((e) => e.people))));
    expect(find('par_territoire', m.sectorB, 'rencontres')?.valeur).toBe(
      String(inPeriod.filter((e) => e.sector === m.sectorB).length),
    );
    expect(find('par_mois', '2026-10', 'personnes')?.valeur).toBe(
      String(sum(inPeriod.filter((e) => e.month === '2026-10').map((e) => e.people))),
    );

    const member: Record<string, string>[] = parse((await funder.get(url)).body, { columns: true });
    expect(member.some((r) => r.cle === m.sectorB)).toBe(false);
    const hidden = member.filter((r) => r.masque === 'oui');
    expect(hidden.length).toBeGreaterThan(0);
    expect(hidden.every((r) => r.valeur === '')).toBe(true);
    expect(
      member
        .filter((r) => r.masque === 'non' && /^\d+$/.test(r.valeur ?? ''))
        .every((r) => Number(r.valeur) === 0 || Number(r.valeur) >= 5),
    ).toBe(true);
  });

  it.skipIf(skipWithoutPoppler)(
    'prints a PDF with the tenant, the period, the member and a figure (read back with pdftotext)',
    async () => {
      const { m, w, funder, manager } = await setUp();
      const url = `/t/${m.tenant.slug}/espace/mediation/rapport.pdf?from=${w.from}&to=${w.to}`;
      const read = async (browser: Browser) => {
        const answer = await browser.get(url);
        expect(answer.statusCode).toBe(200);
        expect(answer.headers['content-type']).toBe('application/pdf');
        const file = join(mkdtempSync(join(tmpdir(), 'mediation-report-')), 'rapport.pdf');
        writeFileSync(file, answer.rawPayload);
        const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout;
        return text.replace(/\s+/g, ' ');
      };
      const gip = await read(manager);
      expect(gip).toContain(m.tenant.name);
      expect(gip).toContain('Période du 2026-09-01 au 2026-10-31');
      const people = sum(w.encounters.filter((e) => e.inPeriod).map((e) => e.people));
      expect(gip).toMatch(new RegExp(`Personnes rencontrées \\(contacts[^0-9]*${people}\\b`));
      const member = await read(funder);
      expect(member).toContain('territoires financés par Ville de A');
      expect(member).toContain('secret stat.');
      expect(member).not.toContain('Secteur B');
    },
  );

  it('answers the observatory through the API with a token (manage: exact; funder: protected), bad dates → 400 naming the field', async () => {
    const { m, w } = await setUp();
    const token = async (permissions: ('mediation.manage' | 'mediation.funder' | 'mediation.field')[]) =>
      (await createApiToken(systemContext(database.db, m.tenant), { name: `Observatoire ${permissions[0]}`, permissions })).token;
    const call = (bearer: string, query: string) =>
      t.app.inject({
        method: 'GET',
        url: `/api/v1/t/${m.tenant.slug}/mediation/report?${query}`,
        headers: { authorization: `Bearer ${bearer}` },
      });
    const manage = await token(['mediation.manage']);
    const exact = await call(manage, `from=${w.from}&to=${w.to}`);
    expect(exact.statusCode).toBe(200);
    const inPeriod = w.encounters.filter((e) => e.inPeriod);
    expect(exact.json().peopleMet).toEqual({ value: sum(inPeriod.map((e) => e.people)), hidden: false });
    expect(exact.json().encounters).toEqual({ value: inPeriod.length, hidden: false });
    expect(exact.json().protected).toBe(false);

    const funderToken = await token(['mediation.funder']);
    const member = await call(funderToken, `from=${w.from}&to=${w.to}&member=${w.memberA}`);
    expect(member.statusCode).toBe(200);
    expect(member.json().protected).toBe(true);
    expect(member.json().member.name).toBe('Ville de A');
    expect(member.json().byTerritory.map((l: { label: string }) => l.label)).toEqual(['Secteur A']);

    for (const [query, field] of [
      [`from=2026-13-01&to=${w.to}`, 'from'],
      [`from=${w.from}&to=31/10/2026`, 'to'],
      [`from=${w.to}&to=${w.from}`, 'to'],
      [`from=${w.from}&to=${w.to}&member=abc`, 'member'],
    ] as const) {
      const bad = await call(manage, query);
      expect([query, bad.statusCode]).toEqual([query, 400]);
      expect(bad.json().error.details[0].field).toBe(field);
    }
    expect((await call(await token(['mediation.field']), `from=${w.from}&to=${w.to}`)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/t/${m.tenant.slug}/mediation/report` })).statusCode).toBe(401);
  });
});
