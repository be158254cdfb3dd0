import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant } from '../../../../test/helpers/factories.js';
import { openDemoDatabase } from '../../../../test/helpers/test-database.js';
import type { Database } from '../../../db/database.js';
import { demoCommunalCsv, demoCommunes } from './demo-ssmsi.js';
import { importSsmsi } from './import-ssmsi.js';
import {
  bandOf,
  changeAgainst,
  changeFromPrevious,
  departementOf,
  franceSeries,
  indicatorSeries,
  type SeriesPoint,
  similarCommunesSeries,
  tenantCommunes,
} from './series.js';
import { textSource } from './ssmsi-source.js';

// Starts from the demo: the seed loaded the current-format files (2016–2025) through the importer.
let database: Database;
beforeAll(async () => {
  database = await openDemoDatabase();
});
afterAll(async () => {
  await database?.close();
});

const point = (year: number, count: number | null, seriesBreakBefore = false): SeriesPoint => ({
  year,
  count,
  rate: null,
  published: count !== null,
  complement: null,
  unit: 'victime',
  definition: seriesBreakBefore ? 'new' : 'old',
  seriesBreakBefore,
  population: null,
  dwellings: null,
});

describe('SSMSI series', () => {
  it('gives Lyon’s physical violence year by year with the 2025 break where the definition changed', async () => {
    const series = await indicatorSeries(database.db, {
      level: 'commune',
      code: '69123',
      indicator: 'violences-physiques-intrafamiliales',
    });
    expect(series.map((p) => p.year)).toEqual([2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025]);
    expect(series.filter((p) => p.seriesBreakBefore).map((p) => p.year)).toEqual([2025]);
    expect(series[0]?.definition).toBe('cbv-intrafamiliaux');
    expect(series[9]?.definition).toBe('violences-physiques-intrafamiliales-2025');
    expect(series.every((p) => p.unit === 'victime' && p.published && (p.count ?? 0) > 0)).toBe(true);
    const changes = changeFromPrevious(series);
    expect(changes.find((c) => c.year === 2025)?.acrossBreak).toBe(true);
    expect(changes.find((c) => c.year === 2024)?.acrossBreak).toBe(false);
  });

  it('keeps an unpublished small commune unknown, with the département average labelled, never 0', async () => {
    const series = await indicatorSeries(database.db, { level: 'commune', code: '69233', indicator: 'violences-sexuelles' });
    expect(series.length).toBe(10);
    const hidden = series.filter((p) => !p.published);
    expect(hidden.length).toBeGreaterThan(0);
    for (const p of hidden) {
      expect(p.count).toBeNull();
      expect(p.rate).toBeNull();
      expect(p.complement).toMatchObject({ label: 'departement-average', rate: expect.any(Number) });
    }
  });

  it('computes changes against a baseline and the previous year, null when either side is unknown', () => {
    const series = [point(2019, 100), point(2020, null), point(2021, 120), point(2022, 0), point(2023, 30, true)];
    expect(changeAgainst(series, 2019)).toEqual([
      { year: 2020, against: 2019, difference: null, relative: null, acrossBreak: false },
      { year: 2021, against: 2019, difference: 20, relative: 0.2, acrossBreak: false },
      { year: 2022, against: 2019, difference: -100, relative: -1, acrossBreak: false },
      { year: 2023, against: 2019, difference: -70, relative: -0.7, acrossBreak: true },
    ]);
    expect(changeFromPrevious(series).map((c) => [c.year, c.difference, c.relative])).toEqual([
      [2020, null, null],
      [2021, null, null],
      [2022, -120, -1],
      // Against 0: the difference is known, the ratio is not.
      [2023, 30, null],
    ]);
    expect(changeAgainst(series, 2010)).toEqual([]);
  });

  it('adds up the départements for France in one unit, the rate recomputed from population or dwellings', async () => {
    const france = await franceSeries(database.db, 'cambriolages-logement');
    expect(france.length).toBe(10);
    for (const year of france) expect(year).toMatchObject({ unit: 'infraction', places: 6, unknown: 0 });
    const departements = await Promise.all(
      ['69', '33', '25', '54', '67', '13'].map((code) =>
        indicatorSeries(database.db, { level: 'departement', code, indicator: 'cambriolages-logement' }),
      ),
    );
    const total2024 = departements.reduce((sum, s) => sum + (s.find((p) => p.year === 2024)?.count ?? 0), 0);
    const dwellings2024 = departements.reduce((sum, s) => sum + (s.find((p) => p.year === 2024)?.dwellings ?? 0), 0);
    const y2024 = france.find((p) => p.year === 2024)!;
    expect(y2024.count).toBe(total2024);
    expect(y2024.rate).toBeCloseTo((total2024 / dwellings2024) * 1000, 6);
    expect(
      (await franceSeries(database.db, 'violences-physiques-hors-famille')).find((p) => p.year === 2025)?.seriesBreakBefore,
    ).toBe(true);
  });

  it('never adds figures of different units: each key holds one unit', async () => {
    const units = await database.db
      .selectFrom('ssmsi_values')
      .select(['indicator', (eb) => eb.fn.count<number>('unit').distinct().as('units')])
      .groupBy('indicator')
      .execute();
    expect(units.length).toBeGreaterThan(5);
    expect(units.every((u) => Number(u.units) === 1)).toBe(true);
  });

  it('compares a commune with the others of its population band, counting only published figures', async () => {
    expect(bandOf(29_500)).toEqual({ from: 20_000, to: 50_000 });
    expect(departementOf('2A004')).toBe('2A');
    expect(departementOf('97411')).toBe('974');
    const similar = await similarCommunesSeries(database.db, { code: '54547', indicator: 'vols-de-vehicules' });
    // Talence and Bègles share Vandœuvre's band (20 000 to 50 000 inhabitants).
    expect(similar?.band).toEqual({ from: 20_000, to: 50_000 });
    expect(similar?.points.every((p) => p.places === 2)).toBe(true);
    expect(await similarCommunesSeries(database.db, { code: '99999', indicator: 'vols-de-vehicules' })).toBeUndefined();
  });

  it('finds a tenant’s communes from its territories, else its INSEE code', async () => {
    const lyon = await database.db.selectFrom('tenants').selectAll().where('slug', '=', 'lyon').executeTakeFirstOrThrow();
    expect(await tenantCommunes(database.db, lyon)).toContain('69123');
    const bare = await createTenant(database.db, { inseeCode: '25056', programmes: ['observatory'] });
    expect(await tenantCommunes(database.db, bare)).toEqual(['25056']);
  });

  it('reads the newest active edition only', async () => {
    const report = await importSsmsi(database.db, textSource('older.csv', demoCommunalCsv('older', demoCommunes.slice(0, 1))), {
      now: new Date('2026-11-26T09:00:00Z'),
    });
    expect(report.years.at(-1)).toBe(2022);
    const series = await indicatorSeries(database.db, {
      level: 'commune',
      code: '69123',
      indicator: 'violences-physiques-intrafamiliales',
    });
    expect(series.map((p) => p.year).at(-1)).toBe(2022);
    expect(await indicatorSeries(database.db, { level: 'commune', code: '33063', indicator: 'violences-sexuelles' })).toEqual([]);
  });
});
