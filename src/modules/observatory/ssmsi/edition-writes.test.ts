import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../test/helpers/test-database.js';
import type { Database } from '../../../db/database.js';
import { insertValues, purgeEditionRows, startEdition } from './edition-writes.js';
import type { SsmsiValue } from './ssmsi-row.js';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const value = (over: Partial<SsmsiValue>): SsmsiValue => ({
  code: '69123',
  regionCode: '84',
  year: 2024,
  indicator: 'cle',
  definition: 'Définition',
  unit: 'victime',
  label: 'Libellé',
  known: true,
  count: 12,
  rate: 1.25,
  published: true,
  departmentAverageCount: null,
  departmentAverageRate: null,
  population: 522_000,
  populationYear: 2021,
  dwellings: null,
  dwellingsYear: null,
  ...over,
});

describe('the batch insert (array literals built by the importer)', () => {
  it('stores every text and number as given — quotes, backslashes, braces, commas, NULL-like words — and unknown as NULL', async () => {
    const edition = await startEdition(database.db, {
      kind: 'communal',
      format: 'current',
      geographyYear: 2025,
      source: 'test',
      now: new Date('2026-11-26T09:00:00Z'),
    });
    const text = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !s.includes('\u0000'));
    // Codes and counts as the table's checks allow them; the texts anything the file may hold.
    const code = fc.stringMatching(/^[0-9][0-9AB][0-9]{0,3}$/);
    const rate = fc.option(fc.double({ min: 0, max: 1e9, noNaN: true, noDefaultInfinity: true }), { nil: null });
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            code,
            regionCode: fc.option(text, { nil: null }),
            indicator: text,
            definition: fc.constantFrom('NULL', 'a "quoted" \\ {b,c}', 'Coups et blessures'),
            unit: text,
            count: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
            rate,
            published: fc.boolean(),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        async (rows) => {
          // A count is only there when published (the table's check).
          const values = rows.map((r, i) => value({ ...r, count: r.published ? r.count : null, year: 2000 + i }));
          await insertValues(database.db, edition, 'commune', values);
          const stored = await database.db
            .selectFrom('ssmsi_values')
            .select(['code', 'region_code', 'year', 'indicator', 'definition', 'unit', 'count', 'rate_per_mille', 'published'])
            .where('edition_id', '=', edition)
            .orderBy('year')
            .execute();
          expect(stored).toEqual(
            values.map((v) => ({
              code: v.code,
              region_code: v.regionCode,
              year: v.year,
              indicator: v.indicator,
              definition: v.definition,
              unit: v.unit,
              count: v.count,
              rate_per_mille: v.rate,
              published: v.published,
            })),
          );
          await purgeEditionRows(database.db, edition);
        },
      ),
      { numRuns: 40 },
    );
  });
});
