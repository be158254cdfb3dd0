import { describe, expect, it } from 'vitest';
import { createTenant, systemContext } from '../../../test/helpers/factories.js';
import { Browser, createStaff } from '../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/database.js';
import type { Tenant } from '../../platform/tenants/tenant-queries.js';
import { recordDropOffs } from './record-drop-offs.js';

let database: Database;
let t: TestApp;
// 23:30 in Paris on 25 November: last night's service date is the 24th.
withTestApp((opened) => ({ database, t } = opened), { now: '2026-11-25T22:30:00Z' });

const night = {
  routeId: 'N1',
  serviceDate: '2026-11-24',
  hourBand: '25',
  requests: '9',
  granted: '6',
  moved: '1',
  refused_no_lighting: '2',
};

async function operator() {
  const tenant = await createTenant(database.db, { programmes: ['night-stops'], kind: 'aom' });
  const browser = new Browser(t.app);
  await browser.signIn((await createStaff(database.db, tenant, 'transit_operator')).email);
  return { tenant, browser, journal: `/t/${tenant.slug}/espace/descente/journal` };
}

describe('the operator’s journal', () => {
  it('offers last night by default, records with post/redirect/get, and says when an entry is replaced', async () => {
    const { browser, journal } = await operator();
    const form = (await browser.get(journal)).body;
    expect(form).toContain('value="2026-11-24"');
    expect(form).toContain('inputmode="numeric"');
    expect(form).toContain('remplace la saisie précédente');

    const saved = await browser.post(journal, night, journal);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${journal}?fait=1`);
    const after = (await browser.get(saved.headers.location as string)).body;
    expect(after).toContain('Saisie enregistrée.');
    expect(after).toMatch(/<th scope="row">N1<\/th><td>2026-11-24<\/td><td>01 h – 02 h<\/td><td class="num">9<\/td>/);

    const replaced = await browser.submit(
      journal,
      { ...night, requests: '3', granted: '3', refused_no_lighting: '', moved: '' },
      journal,
    );
    expect(replaced.body).toContain('elle remplace celle qui existait');
    expect(replaced.body).toMatch(/<td class="num">3<\/td><td class="num">3<\/td><td class="num">0<\/td><td class="num">0<\/td>/);
    expect(replaced.body).not.toContain('<td class="num">9</td>');
  });

  it('answers a wrong form with 400, naming each wrong field and keeping what was typed', async () => {
    const { tenant, browser, journal } = await operator();
    const bad = await browser.post(journal, { ...night, hourBand: '12', moved: '-1', refused_traffic: 'beaucoup' }, journal);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('choisissez une tranche horaire commençant entre 18 h et 5 h du matin');
    expect(bad.body).toContain('href="#field-moved"');
    expect(bad.body).toContain('href="#field-refused_traffic"');
    expect(bad.body).toContain('value="-1"');
    expect(bad.body).toContain('value="9"');
    expect(bad.body).toContain('value="N1"');
    expect(bad.body).toMatch(/id="field-moved"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="field-moved"/);

    const sum = await browser.post(journal, { ...night, granted: '7' }, journal);
    expect(sum.statusCode).toBe(400);
    expect(sum.body).toContain('9 demandes, mais 7 accordées + 1 déplacées + 2 refusées = 10');
    expect(sum.body).toContain('value="7"');
    expect((await browser.get(journal)).body).toContain('Aucune saisie pour l’instant.');
    expect(tenant.slug).toMatch(/^test-/);
  });

  it('speaks English on request', async () => {
    const { browser, journal } = await operator();
    const page = (await browser.get(`${journal}?lang=en`)).body;
    expect(page).toContain('Request-stop log');
    expect(page).toContain('Granted a little further on');
  });

  it('is closed to a partner (403), to the public (sign-in), and absent where the programme does not run (404)', async () => {
    const { tenant, journal } = await operator();
    const partner = new Browser(t.app);
    await partner.signIn((await createStaff(database.db, tenant, 'partner_venue')).email);
    for (const url of [
      journal,
      `/t/${tenant.slug}/espace/descente/statistiques`,
      `/t/${tenant.slug}/espace/descente/statistiques.csv`,
    ])
      expect((await partner.get(url)).statusCode).toBe(403);
    expect((await partner.post(journal, night, `/t/${tenant.slug}/espace/`)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: journal })).statusCode).not.toBe(200);

    const city = await createTenant(database.db, { programmes: ['reports'] });
    const admin = new Browser(t.app);
    await admin.signIn((await createStaff(database.db, city, 'admin')).email);
    expect((await admin.get(`/t/${city.slug}/espace/descente/journal`)).statusCode).toBe(404);
  });
});

/** Every table of the statistics page as rows of cell texts, by table id. */
function pageTables(html: string): Record<string, string[][]> {
  const tables: Record<string, string[][]> = {};
  for (const [, id, body] of html.matchAll(/<table id="([a-z_]+)">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/g)) {
    tables[id!] = [...body!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, row]) =>
      [...row!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map(([, cell]) => cell!.replace(/&#x27;|&#39;/g, "'")),
    );
  }
  return tables;
}

async function record(
  tenant: Tenant,
  routeId: string,
  serviceDate: string,
  hourBand: number,
  granted: number,
  moved: number,
  traffic: number,
) {
  await recordDropOffs(systemContext(database.db, tenant, t.clock), {
    routeId,
    serviceDate,
    hourBand: String(hourBand),
    requests: String(granted + moved + traffic),
    granted: String(granted),
    moved: String(moved),
    refused: { traffic: String(traffic) },
  });
}

describe('the statistics', () => {
  it('hide small numbers, say the method, and the CSV holds exactly the page’s figures', async () => {
    const { tenant, browser } = await operator();
    // N1 is busy; N2 had 3 requests in all: its figures must not show.
    for (const [date, band] of [
      ['2026-11-20', 23],
      ['2026-11-21', 24],
      ['2026-10-16', 25],
      ['2026-10-17', 23],
    ] as const)
      await record(tenant, 'N1', date, band, 12, 6, 7);
    await record(tenant, 'N2', '2026-11-21', 24, 2, 0, 1);

    const page = (await browser.get(`/t/${tenant.slug}/espace/descente/statistiques`)).body;
    expect(page).toContain('secret stat.');
    expect(page).toContain('Méthode');
    expect(page).toContain('moins de 5, ou masqué');
    const tables = pageTables(page);
    expect(Object.keys(tables).sort()).toEqual(['ensemble', 'motifs_refus', 'par_jour', 'par_ligne', 'par_mois', 'par_tranche']);
    const n2 = tables.par_ligne!.find((row) => row[0] === 'N2')!;
    // Requests, granted, moved, refused: a zero concerns nobody and shows.
    expect(n2.slice(1, 5)).toEqual(['secret stat.', 'secret stat.', '0', 'secret stat.']);
    expect(n2[5]).toBe('—');
    // Hidden by line, so hidden in every table that would give it back: the grand totals show only
    // where the page can afford them, and never as the one hidden figure of a line.
    for (const rows of Object.values(tables))
      for (const row of rows) for (const cell of row.slice(1)) expect(cell).not.toMatch(/^[1-4]$/);

    const csv = await browser.get(`/t/${tenant.slug}/espace/descente/statistiques.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n').slice(1);
    const parse = (line: string) =>
      [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1]!.replace(/^"|"$/g, '')).slice(0, 8);
    const fromCsv: Record<string, string[][]> = {};
    for (const line of lines) {
      const [table, , label, ...figures] = parse(line);
      const cells =
        table === 'motifs_refus' ? [figures[3]!] : [...figures.slice(0, 4), figures[4] === '' ? '—' : `${figures[4]} %`];
      fromCsv[table!] = fromCsv[table!] ?? [];
      fromCsv[table!]!.push([label!, ...cells.map((c) => (c === 'secret' ? 'secret stat.' : c))]);
    }
    expect(fromCsv).toEqual(tables);
  });

  it('shares the let-off rate and every breakdown when nothing is small', async () => {
    const { tenant, browser } = await operator();
    await record(tenant, 'N1', '2026-11-20', 23, 30, 10, 10);
    const tables = pageTables((await browser.get(`/t/${tenant.slug}/espace/descente/statistiques`)).body);
    expect(tables.par_ligne).toEqual([['N1', '50', '30', '10', '10', '80 %']]);
    expect(tables.par_mois!.at(-1)).toEqual(['novembre 2026', '50', '30', '10', '10', '80 %']);
    expect(tables.par_jour!.find((r) => r[0] === 'vendredi')).toEqual(['vendredi', '50', '30', '10', '10', '80 %']);
    expect(tables.par_tranche!.find((r) => r[0] === '23 h – 00 h')?.[1]).toBe('50');
    expect(tables.motifs_refus!.find((r) => r[0] === 'Circulation à ce moment')).toEqual(['Circulation à ce moment', '10']);
  });
});
