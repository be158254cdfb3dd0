import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createTenant, systemContext } from '../../../../test/helpers/factories.js';
import { runCli } from '../../../../test/helpers/run-cli.js';
import { Browser, createStaff } from '../../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../../test/helpers/test-app.js';
import { connectionUrl } from '../../../../test/helpers/test-database.js';
import type { Database } from '../../../db/database.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import type { Role } from '../../../platform/access/roles.js';
import { ManualClock } from '../../../platform/clock/clock.js';
import { readFigure } from '../../../platform/figures/figure-registry.js';
import { findTenantBySlug, type Tenant } from '../../../platform/tenants/tenant-queries.js';
import { submitReport } from '../../reports/submit-report.js';
import { indicatorSeries } from '../ssmsi/series.js';
import { yearPeriod } from './calendar-year.js';
import { setPublications } from './set-publications.js';

let database: Database;
let t: TestApp;
const NOW = '2026-11-26T10:00:00Z';
withTestApp((opened) => ({ database, t } = opened), { demo: true, now: NOW });

const LYON = 'lyon';
const staffPage = (slug: string) => `/t/${slug}/espace/observatoire`;
const tenantOf = async (slug: string) => (await findTenantBySlug(database.db, slug)) as Tenant;

async function signedIn(tenant: Tenant, role: Role = 'coordinator'): Promise<Browser> {
  const browser = new Browser(t.app);
  await browser.signIn((await createStaff(database.db, tenant, role)).email);
  return browser;
}

/** The text of a table row, its tags removed. */
const rowText = (html: string, attribute: string) => {
  const start = html.indexOf(attribute);
  if (start < 0) return '';
  return html
    .slice(start, html.indexOf('</tr>', start))
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
};

describe('staff dashboard (Lyon demo)', () => {
  it('shows the 2019-baseline change computed from the counts, the series break, the caveats and the own figures', async () => {
    const lyon = await tenantOf(LYON);
    const browser = await signedIn(lyon);
    const page = await browser.get(`${staffPage(LYON)}?annee=2025&reference=2019`);
    expect(page.statusCode).toBe(200);
    const html = page.body;
    // Caveats sit with the figures.
    expect(html).toContain('ce n’est pas la délinquance réelle');
    expect(html).toContain('2020 (confinements)');
    expect(html).toContain('L’activité de la police municipale n’est pas dans ces chiffres');
    // The change against 2019 is the counts' change, from the SSMSI part's series.
    const series = await indicatorSeries(database.db, {
      level: 'commune',
      code: '69123',
      indicator: 'destructions-degradations',
    });
    const [c2019, c2025] = [series.find((p) => p.year === 2019)!.count!, series.find((p) => p.year === 2025)!.count!];
    const expected = Math.round(((c2025 - c2019) / c2019) * 1000) / 10;
    const section = html.slice(html.indexOf('data-indicator="destructions-degradations"'));
    const row = rowText(section, 'data-place="69123"');
    // rowText folds every space (the no-break ones too) into one.
    const fr = (n: number) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(n).replace(/\s/g, ' ');
    expect(row).toContain(fr(c2025));
    expect(row).toContain(`${expected > 0 ? '+' : '-'}${fr(Math.abs(expected))} %`);
    // Physical violence changed wording in 2025: the break is said, and the change across it flagged.
    const violence = html.slice(html.indexOf('data-indicator="violences-physiques-hors-famille"'));
    expect(violence).toContain('data-series-break="2025"');
    expect(rowText(violence, 'data-place="69123"')).toContain('rupture de série');
    // Département and France beside.
    expect(section).toContain('Département 69');
    expect(section).toContain('France');
    // Targets with progress; the own figures match the modules.
    expect(html).toContain('-10 % de violences physiques hors cadre familial');
    const received = await withTenant(database.db, lyon.id, (tx) =>
      readFigure(tx, lyon.programmes, 'reports.received', yearPeriod(2026, lyon.time_zone)),
    );
    const own = rowText(html, 'data-figure="reports.received"');
    expect(own.trim().split(' ').at(-1)).toBe(String(received));
    expect(html).toContain('2026 (à date)');
    expect(html).toContain('data-figure="police.interventions"');
    expect(html).toContain('Délai médian d’arrivée sur place');
    // Charts are SVG with a title and description, beside tables.
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*>\s*<title id="ind-destructions-degradations-title">/);
  });

  it('counts this month’s activity to date: a report made now is one more in November’s column', async () => {
    const lyon = await tenantOf(LYON);
    const browser = await signedIn(lyon);
    const monthCount = async () => {
      const html = (await browser.get(staffPage(LYON))).body;
      const table = html.slice(html.indexOf('data-own-month="2026-11"'));
      expect(table).toContain('Ce mois-ci : novembre 2026, à date');
      return Number(rowText(table, 'data-figure="reports.received"').trim().split(' ').at(-1));
    };
    const before = await monthCount();
    const { code } = await withTenant(database.db, lyon.id, (tx) =>
      tx.selectFrom('report_categories').select('code').where('tenant_id', '=', lyon.id).executeTakeFirstOrThrow(),
    );
    await submitReport(systemContext(database.db, lyon, new ManualClock(new Date(NOW))), {
      categoryCode: code,
      lat: 45.764,
      lon: 4.8357,
      description: 'Test du mois.',
      source: 'web' as const,
      attributes: {},
    });
    expect(await monthCount()).toBe(before + 1);
  });

  it('gives readers outside the coordination the own figures through the small-number helper', async () => {
    const lyon = await tenantOf(LYON);
    const analyst = await signedIn(lyon, 'analyst');
    const html = (await analyst.get(staffPage(LYON))).body;
    expect(html).toContain('data-figure="reports.received"');
    // A category with 1 to 4 reports this year reads as hidden for the analyst, as it does for the public.
    const coordinator = (await (await signedIn(lyon)).get(staffPage(LYON))).body;
    const exactRows = [...coordinator.matchAll(/data-figure="(reports\.received:[^"]+)"/g)].map((m) => m[1]!);
    const small = exactRows.find((key) => {
      const last = Number(rowText(coordinator, `data-figure="${key}"`).trim().split(' ').at(-1));
      return last > 0 && last < 5;
    });
    if (small) expect(rowText(html, `data-figure="${small}"`)).toContain('secret stat.');
  });

  it('says an unpublished figure is not published, never 0, with the département average labelled as such', async () => {
    // Loire-et-Rhône's smallest demo commune: its counts of 1 to 4 are not published.
    const small = await createTenant(database.db, { programmes: ['observatory', 'reports'], inseeCode: '69233' });
    const browser = await signedIn(small);
    const html = (await browser.get(`${staffPage(small.slug)}?annee=2025`)).body;
    const hidden = await Promise.all(
      ['homicides', 'vols-avec-armes', 'violences-sexuelles', 'cambriolages-logement'].map(async (indicator) => ({
        indicator,
        series: await indicatorSeries(database.db, { level: 'commune', code: '69233', indicator }),
      })),
    );
    const unpublished = hidden.find((h) => h.series.find((p) => p.year === 2025 && !p.published));
    expect(unpublished, 'the demo file has an unpublished figure for 69233 in 2025').toBeDefined();
    const row = rowText(html.slice(html.indexOf(`data-indicator="${unpublished!.indicator}"`)), 'data-place="69233"');
    expect(row).toContain('non publié (secret statistique)');
    expect(row).not.toMatch(/ 0 /);
    expect(html).toContain('Moyenne départementale (complément)');
  });

  it('needs observatory.view; another tenant’s staff get a 404; a tenant without the module has no dashboard', async () => {
    const lyon = await tenantOf(LYON);
    expect((await t.app.inject({ url: staffPage(LYON) })).statusCode).toBe(303);
    const agent = await signedIn(lyon, 'police_agent');
    expect((await agent.get(staffPage(LYON))).statusCode).toBe(403);
    const strasbourg = await signedIn(await tenantOf('strasbourg'));
    expect((await strasbourg.get(staffPage(LYON))).statusCode).toBe(404);
    expect((await strasbourg.get(staffPage('strasbourg'))).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/t/strasbourg/observatoire' })).statusCode).toBe(404);
  });

  it('adds a target (every wrong field named, nothing saved) and deletes it', async () => {
    const lyon = await tenantOf(LYON);
    const browser = await signedIn(lyon);
    const count = async () =>
      Number(
        (
          await database.db
            .selectFrom('observatory_targets')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('tenant_id', '=', lyon.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const bad = await browser.post(
      `${staffPage(LYON)}/objectifs`,
      {
        label: 'x',
        indicator: 'ssmsi:nope',
        baselineYear: '2019',
        targetYear: '2018',
        changePercent: 'beaucoup',
        targetValue: '',
      },
      staffPage(LYON),
    );
    expect(bad.statusCode).toBe(400);
    for (const name of ['label', 'indicator', 'targetYear', 'changePercent']) expect(bad.body).toContain(`href="#field-${name}"`);
    expect(await count()).toBe(before);
    const good = await browser.submit(
      `${staffPage(LYON)}/objectifs`,
      {
        label: '-20 % de cambriolages de logement d’ici 2027',
        indicator: 'ssmsi:cambriolages-logement',
        baselineYear: '2019',
        targetYear: '2027',
        changePercent: '-20',
        targetValue: '',
      },
      staffPage(LYON),
    );
    expect(good.statusCode).toBe(200);
    expect(good.body).toContain('Objectif enregistré.');
    expect(await count()).toBe(before + 1);
    expect(good.body).toContain('-20 % de cambriolages de logement d’ici 2027');
    const row = await database.db
      .selectFrom('observatory_targets')
      .select('id')
      .where('label', 'like', '-20 %%')
      .executeTakeFirstOrThrow();
    const removed = await browser.submit(`${staffPage(LYON)}/objectifs/${row.id}/supprimer`, {}, staffPage(LYON));
    expect(removed.body).toContain('Objectif supprimé.');
    expect(await count()).toBe(before);
  });
});

describe('public dashboard and open data', () => {
  it('shows only what is published, small numbers hidden, and the open data says the same', async () => {
    const tenant = await createTenant(database.db, { programmes: ['observatory', 'reports'], inseeCode: '69259' });
    const ctx = systemContext(database.db, tenant, new ManualClock(new Date(NOW)));
    await setPublications(ctx, { choices: ['ssmsi:cambriolages-logement'] });
    const empty = await t.app.inject({ url: `/t/${tenant.slug}/observatoire` });
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('data-indicator="cambriolages-logement"');
    expect(empty.body).not.toContain('data-indicator="destructions-degradations"');
    expect(empty.body).not.toContain('data-figure="reports.received"');
    expect(empty.body).not.toContain('<script');
    expect(empty.body).toContain('ce n’est pas la délinquance réelle');
    const csv = await t.app.inject({ url: `/t/${tenant.slug}/observatoire/donnees.csv` });
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe(
      'collectivite,source,indicateur,precision,libelle,unite,territoire_niveau,territoire_code,annee,annee_partielle,valeur,statut_valeur,taux_pour_mille,rupture_de_serie_avant',
    );
    expect(lines.some((l) => l.includes(',ssmsi,cambriolages-logement,'))).toBe(true);
    expect(lines.some((l) => l.includes('destructions-degradations'))).toBe(false);
    const schema = JSON.parse((await t.app.inject({ url: `/t/${tenant.slug}/observatoire/donnees.schema.json` })).body);
    expect(schema.fields.map((f: { name: string }) => f.name)).toEqual(lines[0]!.split(','));
    expect(schema.missingValues).toEqual(['']);
  });

  it('hides a count under k on the public dashboard and in the open data', async () => {
    const tenant = await tenantOf('besancon');
    const ctx = systemContext(database.db, tenant, new ManualClock(new Date(NOW)));
    const year = yearPeriod(2026, tenant.time_zone);
    // A category nobody used this year: two reports make a count of 2.
    const categories = await withTenant(database.db, tenant.id, (tx) =>
      tx.selectFrom('report_categories').select('code').where('tenant_id', '=', tenant.id).execute(),
    );
    let chosen: string | undefined;
    for (const { code } of categories) {
      const n = await withTenant(database.db, tenant.id, (tx) =>
        readFigure(tx, tenant.programmes, 'reports.received', year, code),
      );
      if (n === 0) chosen = code;
    }
    expect(chosen, 'Besançon has a category without reports this year').toBeDefined();
    for (let i = 0; i < 2; i++)
      await submitReport(ctx, {
        categoryCode: chosen!,
        lat: 47.2378,
        lon: 6.0241,
        description: 'Test.',
        source: 'web' as const,
        attributes: {},
      });
    await setPublications(ctx, { choices: [`figure:reports.received:${chosen}`] });
    const page = await t.app.inject({ url: '/t/besancon/observatoire' });
    const row = rowText(page.body, `data-figure="reports.received:${chosen}"`);
    expect(row).toContain('secret stat.');
    expect(row).not.toMatch(/ 2 /);
    const csv = (await t.app.inject({ url: '/t/besancon/observatoire/donnees.csv' })).body;
    expect(csv).toMatch(new RegExp(`reports\\.received,${chosen},.*,2026,true,,masque,`));
    expect(csv).not.toMatch(new RegExp(`reports\\.received,${chosen},.*,2026,true,2,`));
  });
});

describe('CLSPD report', () => {
  it('renders the HTML around the strategy’s actions, and a PDF whose text names the tenant, the year and a figure', async () => {
    const lyon = await tenantOf(LYON);
    const browser = await signedIn(lyon);
    const html = await browser.get(`${staffPage(LYON)}/rapport/2025`);
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('Rapport annuel du CLSPD — 2025');
    // Lyon's demo strategy runs 2025–2027: its actions are the first chapter; before it, the chapter says so.
    const strategy = html.body.slice(
      html.body.indexOf('data-chapter="strategie"'),
      html.body.indexOf('data-chapter="delinquance"'),
    );
    expect(strategy).toContain('Stratégie territoriale de sécurité et de prévention de la délinquance (démo)');
    expect(strategy).not.toContain('Stratégie non renseignée');
    expect((await browser.get(`${staffPage(LYON)}/rapport/2023`)).body).toContain('Stratégie non renseignée.');
    const pdf = await browser.get(`${staffPage(LYON)}/rapport/2025.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain('Lyon');
    expect(text).toContain('2025');
    const series = await indicatorSeries(database.db, {
      level: 'commune',
      code: '69123',
      indicator: 'destructions-degradations',
    });
    const count = series.find((p) => p.year === 2025)!.count!;
    expect(text.replace(/\s/g, '')).toContain(new Intl.NumberFormat('fr-FR').format(count).replace(/\s/g, ''));
    expect(text).toContain('Délinquance enregistrée et tendances');
    expect((await browser.get(`${staffPage(LYON)}/rapport/20x5`)).statusCode).toBe(400);
  });

  it('is written by quietude report-clspd, with usage and input errors as exit codes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clspd-'));
    const out = join(dir, 'rapport.pdf');
    const env = { DATABASE_URL: connectionUrl(database), QUIETUDE_NOW: NOW };
    const done = await runCli(['report-clspd', LYON, '2025', '--out', out], env);
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    const text = await pdfText(await readFile(out));
    expect(text).toContain('Lyon');
    expect(text).toContain('Rapport annuel du CLSPD');
    expect((await runCli(['report-clspd', LYON, '2025'], env)).code).toBe(2);
    expect((await runCli(['report-clspd', LYON, 'deux-mille', '--out', out], env)).code).toBe(1);
    expect((await runCli(['report-clspd', LYON, '1999', '--out', out], env)).code).toBe(1);
    expect((await runCli(['report-clspd', 'strasbourg', '2025', '--out', out], env)).code).toBe(1);
    expect((await runCli(['report-clspd', '--help'])).code).toBe(0);
    // Five CLI processes, each opening the database: generous on a loaded 2-core machine.
  }, 180_000);
});

async function pdfText(pdf: Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'clspd-pdf-'));
  const file = join(dir, 'r.pdf');
  await writeFile(file, pdf);
  const { stdout } = await promisify(execFile)('pdftotext', ['-layout', file, '-']);
  return stdout;
}
