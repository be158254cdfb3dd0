import { describe, expect, it } from 'vitest';
import { createTenant, systemContext } from '../../../../test/helpers/factories.js';
import { Browser, createStaff } from '../../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../../test/helpers/test-app.js';
import type { Database } from '../../../db/database.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import { readSettings } from '../../../platform/settings/tenant-settings.js';
import { updateTenantSettings } from '../../../platform/settings/update-settings.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import { saveTerritories } from '../../../platform/territories/save-territories.js';
import { indicatorSeries } from '../ssmsi/series.js';
import { classBreaks, classOf } from './map-model.js';
import { setPublications } from './set-publications.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { demo: true, now: '2026-11-26T10:00:00Z' });

const INDICATOR = 'violences-sexuelles';
const YEAR = 2025;
/** Two communes of Meurthe-et-Moselle and a village of the Rhône whose figures the demo file does not publish. */
const communes = [
  { code: '54547', name: 'Vandœuvre-lès-Nancy', lon: 6.17 },
  { code: '54578', name: 'Villers-lès-Nancy', lon: 6.2 },
  { code: '69233', name: 'Village du Rhône', lon: 6.23 },
];
const square = (lon: number, lat = 48.65, d = 0.012) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon, lat],
      [lon + d, lat],
      [lon + d, lat + d],
      [lon, lat + d],
      [lon, lat],
    ],
  ],
});

async function intercommunality(): Promise<Tenant> {
  const tenant = await createTenant(database.db, { programmes: ['observatory'], kind: 'gip' });
  await saveTerritories(
    systemContext(database.db, tenant),
    communes.map((c) => ({ kind: 'commune' as const, code: c.code, name: c.name, geometry: square(c.lon) })),
  );
  return tenant;
}

/** The text of the map table's row of an area, tags removed and spaces folded. */
const areaRow = (html: string, code: string) => {
  const at = html.indexOf(`data-map-area="${code}"`);
  if (at < 0) return '';
  const start = html.indexOf('>', at) + 1;
  return html
    .slice(start, html.indexOf('</tr>', start))
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
};
const fr2 = (n: number) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(n).replace(/\s/g, ' ');

const figureOf = async (code: string) =>
  (await indicatorSeries(database.db, { level: 'commune', code, indicator: INDICATOR })).find((p) => p.year === YEAR);

describe('maps by territory', () => {
  it('colours the communes by rate, lists each one with its value beside the map, and says an unknown one is unknown', async () => {
    const tenant = await intercommunality();
    const browser = new Browser(t.app);
    await browser.signIn((await createStaff(database.db, tenant, 'coordinator')).email);
    const page = await browser.get(`/t/${tenant.slug}/espace/observatoire?annee=${YEAR}&reference=2019&carte=${INDICATOR}`);
    expect(page.statusCode).toBe(200);
    const html = page.body.slice(page.body.indexOf('data-map="carte-communes"'));
    expect(html).toContain('<title id="carte-communes-title">Violences sexuelles : taux par commune en 2025</title>');
    for (const commune of communes.slice(0, 2)) {
      const figure = await figureOf(commune.code);
      expect(figure?.rate).toEqual(expect.any(Number));
      expect(areaRow(html, commune.code)).toBe(` ${commune.name} ${fr2(figure!.rate!)} `);
      expect(html).toContain(`data-area="${commune.code}"`);
    }
    // Not published in the file: said in words and drawn hatched, never as 0.
    expect((await figureOf('69233'))?.published).toBe(false);
    expect(areaRow(html, '69233')).toBe(' Village du Rhône non diffusé (inconnu) ');
    expect(html).toMatch(/fill="url\(#carte-communes-hatch\)"[^>]*data-area="69233"/);
    expect(html).toContain('non diffusé (inconnu)</li>');
    // Another indicator by the GET form.
    const other = await browser.get(`/t/${tenant.slug}/espace/observatoire?annee=${YEAR}&carte=cambriolages-logement`);
    expect(other.body).toContain('Cambriolages de logement : taux par commune en 2025');
  });

  it('hides a small number on the public map, and shows only what the tenant publishes', async () => {
    const tenant = await intercommunality();
    const ctx = systemContext(database.db, tenant);
    const unpublished = await t.app.inject({ url: `/t/${tenant.slug}/observatoire` });
    expect(unpublished.body).not.toContain('data-map="carte-communes"');
    await setPublications(ctx, { choices: [`ssmsi:${INDICATOR}`] });
    // The demo file publishes a count for both communes, the smaller one made a small number by raising k above it.
    const [small, large] = [await figureOf('54578'), await figureOf('54547')];
    const k = small!.count! + 1;
    expect(large!.count!).toBeGreaterThanOrEqual(k);
    const settings = await withTenant(database.db, tenant.id, readSettings);
    await updateTenantSettings(ctx, { ...settings, programmes: tenant.programmes, smallNumberThreshold: k });
    const page = await t.app.inject({ url: `/t/${tenant.slug}/observatoire?annee=${YEAR}` });
    const html = page.body.slice(page.body.indexOf('data-map="carte-communes"'));
    expect(areaRow(html, '54578')).toBe(` Villers-lès-Nancy moins de ${k} (masqué) `);
    expect(html).not.toContain(fr2(small!.rate!));
    expect(areaRow(html, '54547')).toBe(` Vandœuvre-lès-Nancy ${fr2(large!.rate!)} `);
    expect(areaRow(html, '69233')).toBe(' Village du Rhône non diffusé (inconnu) ');
  });

  it('draws Lyon’s reports by arrondissement on both dashboards', async () => {
    const page = await t.app.inject({ url: '/t/lyon/observatoire' });
    expect(page.statusCode).toBe(200);
    const html = page.body.slice(page.body.indexOf('data-map="carte-signalements"'));
    expect(html).toContain('Signalements par territoire en 2026 (jusqu’à ce jour)');
    expect(areaRow(html, '69381')).toMatch(/^ Lyon 1er Arrondissement (\d+|moins de 5 \(masqué\)) $/);
    expect(html).toContain('data-area="69389"');
  });
});

describe('map classes', () => {
  it('puts every known value in a class, the largest in the last', () => {
    const values = [0.4, 1.2, 1.2, 3, 7.5];
    const breaks = classBreaks(values);
    expect(breaks.at(-1)).toBe(7.5);
    expect(values.map((v) => classOf(v, breaks))).toEqual([0, 1, 1, 2, 3]);
    expect(classBreaks([])).toEqual([]);
    expect(classBreaks([2, 2])).toEqual([2]);
  });
});
