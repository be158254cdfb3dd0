import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layoutOf, type SsmsiLayout } from './ssmsi-format.js';
import { numberOf, readSsmsiRow } from './ssmsi-row.js';

const current = layoutOf(
  'CODGEO_2025;annee;indicateur;unite_de_compte;nombre;taux_pour_mille;est_diffuse;insee_pop;insee_pop_millesime;insee_log;insee_log_millesime;complement_info_nombre;complement_info_taux'.split(
    ';',
  ),
) as SsmsiLayout;
const older = layoutOf(
  '\uFEFFclasse;annee;Code.département;Code.région;unité.de.compte;millPOP;millLOG;faits;POP;LOG;tauxpourmille'.split(';'),
) as SsmsiLayout;

const decimal = (value: number, comma: boolean) => (comma ? String(value).replace('.', ',') : String(value));

describe('the SSMSI row parser', () => {
  it('finds both layouts from their headers', () => {
    expect(current).toMatchObject({ kind: 'communal', format: 'current', geographyYear: 2025 });
    expect(older).toMatchObject({ kind: 'departmental', format: 'older', geographyYear: null });
    expect(layoutOf(['foo', 'bar'])).toHaveProperty('problem');
  });

  it('never throws, and either gives a value or names the line of every problem', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 12 }), { minLength: 0, maxLength: 15 }),
        fc.integer({ min: 2, max: 5_000_000 }),
        (cells, line) => {
          for (const layout of [current, older]) {
            const result = readSsmsiRow(cells, line, layout);
            if (result.problems) {
              expect(result.problems.length).toBeGreaterThan(0);
              for (const p of result.problems) expect(p.message.startsWith(`line ${line}`)).toBe(true);
            } else {
              // A value read: unknown stays null, never a made-up 0.
              expect(result.value.count === null || Number.isInteger(result.value.count)).toBe(true);
              if (!result.value.published) expect(result.value.count).toBeNull();
            }
          }
        },
      ),
    );
  });

  it('reads any well-formed current row back: ndiff is unknown whatever the cell, a published 0 stays 0, commas are decimals', () => {
    fc.assert(
      fc.property(
        fc.record({
          code: fc.stringMatching(/^(\d{5}|2[AB]\d{3})$/),
          year: fc.integer({ min: 2016, max: 2030 }),
          count: fc.integer({ min: 0, max: 1_000_000 }),
          rate: fc.double({ min: 0, max: 1000, noNaN: true, noDefaultInfinity: true }).map((r) => Math.round(r * 1000) / 1000),
          published: fc.boolean(),
          comma: fc.boolean(),
          hiddenCell: fc.constantFrom('NA', '', 'count'),
          population: fc.integer({ min: 0, max: 3_000_000 }),
          average: fc.option(
            fc.double({ min: 0, max: 1000, noNaN: true }).map((r) => Math.round(r * 10) / 10),
            { nil: null },
          ),
        }),
        (r) => {
          const cells = [
            r.code,
            String(r.year),
            'Violences sexuelles',
            'Victime',
            r.published ? String(r.count) : r.hiddenCell === 'count' ? String(r.count) : r.hiddenCell,
            r.published ? decimal(r.rate, r.comma) : 'NA',
            r.published ? 'diff' : 'ndiff',
            String(r.population),
            '2022',
            '1000,5',
            '2022',
            r.average === null ? 'NA' : decimal(r.average, r.comma),
            'NA',
          ];
          const result = readSsmsiRow(cells, 7, current);
          expect(result.problems).toBeUndefined();
          const value = result.value!;
          expect(value).toMatchObject({
            code: r.code,
            year: r.year,
            indicator: 'violences-sexuelles',
            unit: 'victime',
            known: true,
          });
          expect(value.count).toBe(r.published ? r.count : null);
          expect(value.rate).toBe(r.published ? r.rate : null);
          expect(value.published).toBe(r.published);
          expect(value.departmentAverageCount).toBe(r.average);
          expect(value.dwellings).toBe(1000.5);
        },
      ),
    );
  });

  it('reads numbers with a comma or a point, NA as unknown, and refuses the rest', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 999 }), (whole, fraction) => {
        const text = `${whole},${String(fraction).padStart(3, '0')}`;
        expect(numberOf(text)).toBeCloseTo(whole + fraction / 1000, 6);
        expect(numberOf(text.replace(',', '.'))).toBe(numberOf(text));
      }),
    );
    expect(numberOf('NA')).toBeNull();
    expect(numberOf('')).toBeNull();
    expect(numberOf('1 234')).toBe(1234);
    expect(numberOf('douze')).toBeUndefined();
    expect(numberOf('1,2,3')).toBeUndefined();
  });

  it('reads an older departmental row: two-digit year, quoted code, millésimes such as POP20', () => {
    const result = readSsmsiRow(
      ['Cambriolages de logement', '17', '01', '84', 'infraction', 'POP20', 'LOG20', '1234', '650000', '320000', '3,85'],
      2,
      older,
    );
    expect(result.value).toMatchObject({
      code: '01',
      regionCode: '84',
      year: 2017,
      indicator: 'cambriolages-logement',
      count: 1234,
      rate: 3.85,
      published: true,
      populationYear: 2020,
      dwellingsYear: 2020,
    });
  });
});
