import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../test/helpers/run-cli.js';
import { connectionUrl, openTestDatabase } from '../../../../test/helpers/test-database.js';
import type { Database } from '../../../db/database.js';
import { demoCommunalCsv, demoCommunes, demoDepartmentalCsv } from './demo-ssmsi.js';
import { importSsmsi } from './import-ssmsi.js';
import { indicatorSeries } from './series.js';
import { bufferSource, fileSource, textSource } from './ssmsi-source.js';

// The SSMSI tables are shared by every tenant: the tests of this file run in order on its own database.
let database: Database;
let dir: string;
beforeAll(async () => {
  database = await openTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'ssmsi-'));
});
afterAll(async () => {
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

const now = new Date('2026-11-26T08:00:00Z');
const CURRENT_HEADER =
  'CODGEO_2025;annee;indicateur;unite_de_compte;nombre;taux_pour_mille;est_diffuse;insee_pop;insee_pop_millesime;insee_log;insee_log_millesime;complement_info_nombre;complement_info_taux';

const values = (editionId: string) =>
  database.db
    .selectFrom('ssmsi_values')
    .selectAll()
    .where('edition_id', '=', editionId)
    .orderBy('code')
    .orderBy('year')
    .execute();
const edition = (id: string) =>
  database.db.selectFrom('ssmsi_editions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('importSsmsi', () => {
  it('imports a current communal file: quotes, decimal commas, NA; ndiff is unknown (never 0) with the département average kept; a published 0 stays 0', async () => {
    const csv = [
      CURRENT_HEADER,
      '69123;2024;"Cambriolages de logement";"Infraction";2150;6,52;diff;522250;2022;329871,5;2022;NA;NA',
      '69233;2024;"Cambriolages de logement";"Infraction";NA;NA;ndiff;1150;2022;480;2022;3,1;6,4',
      '69233;2023;"Vols de véhicules";"Véhicule";0;0;diff;1150;2022;480;2022;NA;NA',
      '2A004;2024;"Violences sexuelles";"Victime";55;0.79;diff;69000;2022;40000;2022;NA;NA',
    ].join('\n');
    const report = await importSsmsi(database.db, textSource('communal.csv', csv), { now });
    expect(report).toMatchObject({
      kind: 'communal',
      format: 'current',
      geographyYear: 2025,
      rowsRead: 4,
      rowsImported: 4,
      unpublished: 1,
      years: [2023, 2024],
      unknownLabels: [],
    });
    const rows = await values(report.editionId);
    const hidden = rows.find((r) => r.code === '69233' && r.year === 2024)!;
    expect(hidden).toMatchObject({
      count: null,
      rate_per_mille: null,
      published: false,
      department_average_count: 3.1,
      department_average_rate: 6.4,
    });
    const zero = rows.find((r) => r.code === '69233' && r.year === 2023)!;
    expect(zero).toMatchObject({
      count: 0,
      rate_per_mille: 0,
      published: true,
      indicator: 'vols-de-vehicules',
      unit: 'vehicule',
    });
    expect(rows.find((r) => r.code === '69123')).toMatchObject({
      count: 2150,
      rate_per_mille: 6.52,
      indicator: 'cambriolages-logement',
      unit: 'infraction',
      population: 522250,
      dwellings: 329871.5,
      dwellings_year: 2022,
      level: 'commune',
    });
    expect(rows.find((r) => r.code === '2A004')?.rate_per_mille).toBe(0.79);
    expect((await edition(report.editionId)).status).toBe('active');
  });

  it('imports the older format (two-digit years, classe, valeur.publiée) and a departmental file with a BOM in both formats', async () => {
    const older = await importSsmsi(database.db, textSource('old.csv', demoCommunalCsv('older', demoCommunes.slice(0, 2))), {
      now,
    });
    expect(older).toMatchObject({
      kind: 'communal',
      format: 'older',
      geographyYear: 2023,
      years: [2016, 2017, 2018, 2019, 2020, 2021, 2022],
    });
    expect(older.rowsRead).toBe(2 * 7 * 8);
    const lyon = await indicatorSeries(database.db, {
      level: 'commune',
      code: '69123',
      indicator: 'violences-physiques-intrafamiliales',
    });
    expect(lyon.map((p) => p.year)).toEqual([2016, 2017, 2018, 2019, 2020, 2021, 2022]);
    expect(
      lyon.every((p) => p.count !== null && p.count > 0 && p.definition === 'cbv-intrafamiliaux' && p.population === 522000),
    ).toBe(true);

    for (const format of ['current', 'older'] as const) {
      const text = demoDepartmentalCsv(format);
      expect(text.charCodeAt(0)).toBe(0xfeff);
      const report = await importSsmsi(database.db, textSource(`dep-${format}.csv`, text), { now });
      expect(report).toMatchObject({ kind: 'departmental', format, geographyYear: null, unpublished: 0 });
      const rhone = await indicatorSeries(database.db, { level: 'departement', code: '69', indicator: 'cambriolages-logement' });
      expect(rhone.length).toBe(format === 'current' ? 10 : 7);
      const row = (await values(report.editionId)).find((r) => r.code === '69');
      expect(row).toMatchObject({ level: 'departement', region_code: '84' });
    }
  });

  it('reads a gzip file by its first bytes, whatever its name', async () => {
    const csv = demoCommunalCsv('current', demoCommunes.slice(0, 1));
    const report = await importSsmsi(database.db, bufferSource('no-extension', gzipSync(csv)), { now });
    expect(report.rowsImported).toBe(10 * 8);
    expect(report.years).toEqual([2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025]);
  });

  it('imports an unknown label under a key of its own and reports it; a known label in another unit is not summed with it', async () => {
    const csv = [
      CURRENT_HEADER,
      '33063;2024;"Atteintes à l\'environnement";"Infraction";12;0,05;diff;261000;2022;165000;2022;NA;NA',
      '33063;2024;"Cambriolages de logement";"Victime";40;0,2;diff;261000;2022;165000;2022;NA;NA',
      '33063;2024;"Cambriolages de logement";"Infraction";900;5,5;diff;261000;2022;165000;2022;NA;NA',
    ].join('\n');
    const report = await importSsmsi(database.db, textSource('unknown.csv', csv), { now });
    expect(report.unknownLabels).toEqual(["Atteintes à l'environnement", 'Cambriolages de logement']);
    const rows = await values(report.editionId);
    expect(rows.map((r) => `${r.indicator} ${r.unit} ${r.count}`).sort()).toEqual([
      'atteintes-a-l-environnement~infraction infraction 12',
      'cambriolages-de-logement~victime victime 40',
      'cambriolages-logement infraction 900',
    ]);
  });

  it('refuses a malformed file, naming each line and column, and keeps the edition in service', async () => {
    const good = await importSsmsi(database.db, textSource('good.csv', demoCommunalCsv('current', demoCommunes.slice(0, 3))), {
      now,
    });
    const lines = demoCommunalCsv('current', demoCommunes.slice(0, 3)).trim().split('\n');
    lines[5] = lines[5]!.replace(';diff;', ';peut-être;');
    lines[9] = lines[9]!.replace(/^69123;\d{4};/, '69123;20x6;');
    lines[12] = '69123;2016;"Violences sexuelles"';
    const refused = importSsmsi(database.db, textSource('bad.csv', `${lines.join('\n')}\n`), { now });
    await expect(refused).rejects.toMatchObject({ code: 'invalid_input' });
    const error = (await refused.catch((e: unknown) => e)) as { details: { message: string; fr: string }[] };
    expect(error.details.map((d) => d.message)).toEqual([
      'line 6, column est_diffuse: « peut-être » is neither diff nor ndiff',
      'line 10, column annee: « 20x6 » is not a year',
      'line 13: 3 cells where the header has 13',
    ]);
    expect(error.details[1]?.fr).toBe('ligne 10, colonne annee : « 20x6 » n’est pas une année');
    const editions = await database.db
      .selectFrom('ssmsi_editions')
      .selectAll()
      .where('file_kind', '=', 'communal')
      .orderBy('started_at')
      .execute();
    expect(editions.filter((e) => e.status === 'active').map((e) => e.id)).toEqual([good.editionId]);
    const failed = editions.find((e) => e.source === 'bad.csv')!;
    expect(failed.status).toBe('failed');
    expect(await values(failed.id)).toEqual([]);
    // A header that is no SSMSI file's opens no edition at all.
    await expect(importSsmsi(database.db, textSource('x.csv', 'a;b\n1;2\n'), { now })).rejects.toMatchObject({
      message: expect.stringContaining('line 1: no CODGEO_YYYY column'),
    });
    await expect(
      importSsmsi(database.db, bufferSource('x.gz', Buffer.from([0x1f, 0x8b, 1, 2, 3])), { now }),
    ).rejects.toMatchObject({
      message: expect.stringContaining('not a readable gzip file'),
    });
  });

  it('serves the active edition while a new one loads, switches in one step and purges the retired rows', async () => {
    const before = await importSsmsi(
      database.db,
      textSource('before.csv', demoCommunalCsv('current', demoCommunes.slice(0, 2))),
      { now },
    );
    const seen: number[] = [];
    const after = await importSsmsi(database.db, textSource('after.csv', demoCommunalCsv('older', demoCommunes.slice(0, 2))), {
      now,
      batchSize: 40,
      afterBatch: async () => {
        // Mid-import: still the old edition's ten years (current format), never a mix.
        const series = await indicatorSeries(database.db, { level: 'commune', code: '69123', indicator: 'violences-sexuelles' });
        seen.push(series.length);
      },
    });
    expect(seen.length).toBeGreaterThan(1);
    expect(new Set(seen)).toEqual(new Set([10]));
    const series = await indicatorSeries(database.db, { level: 'commune', code: '69123', indicator: 'violences-sexuelles' });
    expect(series.length).toBe(7);
    expect((await edition(before.editionId)).status).toBe('retired');
    expect(await values(before.editionId)).toEqual([]);
    expect((await edition(after.editionId)).status).toBe('active');
  });

  it('`quietude import-ssmsi FILE` prints plain digits; a malformed file exits 1 naming the line', async () => {
    const env = { DATABASE_URL: connectionUrl(database), QUIETUDE_NOW: '2026-11-26T08:00:00Z' };
    const file = join(dir, 'communal.csv.gz');
    writeFileSync(file, gzipSync(demoCommunalCsv('current', demoCommunes.slice(0, 2))));
    const good = await runCli(['import-ssmsi', file], env);
    expect(good.stderr).toBe('');
    expect(good.code).toBe(0);
    expect(good.stdout.split('\n').slice(0, 5)).toEqual([
      'rows read 160',
      'rows imported 160',
      'values not published 0',
      'edition communal current format, geography CODGEO_2025',
      'years 2016-2025 (10 years)',
    ]);
    const json = await runCli(['import-ssmsi', file, '--json'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({
      rowsRead: 160,
      rowsImported: 160,
      years: expect.arrayContaining([2016, 2025]),
    });
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `${CURRENT_HEADER}\n69123;2024;"Violences sexuelles";"Victime";-3;1;diff;1;2022;1;2022;NA;NA\n`);
    const refused = await runCli(['import-ssmsi', bad], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('line 2, column nombre: « -3 » is not a whole number (or NA)');
    // (Checked without another process: the command opens the path with fileSource first.)
    await expect(fileSource(join(dir, 'nowhere.csv'))).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
