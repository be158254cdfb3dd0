import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors.js';
import { readSchools } from './import-schools.js';
import { uaiWithKey } from './seed-demo-sessions.js';

const header =
  'Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive;Code_commune;latitude;longitude';

const school = fc.record({
  digits: fc.integer({ min: 0, max: 9_999_999 }).map((n) => String(n).padStart(7, '0')),
  name: fc.stringMatching(/^[A-Za-zÀ-ÿ' -]{2,40}$/).filter((s) => s.trim().length >= 2 && !s.includes(';')),
  type: fc.constantFrom('Ecole', 'École', 'Collège', 'Lycée', 'Médico-social', 'Service Administratif'),
  sector: fc.constantFrom('Public', 'Privé'),
  commune: fc.constantFrom('67482', '54547', '2A004', ''),
  point: fc.option(
    fc.tuple(
      fc.double({ min: 41, max: 51, noNaN: true }),
      fc.double({ min: -5, max: 9, noNaN: true }).map((v) => v + 0),
    ),
    {
      nil: undefined,
    },
  ),
});

describe('readSchools (Annuaire de l’éducation)', () => {
  it('reads every école, collège and lycée of a well-formed file and skips the other establishments', () => {
    fc.assert(
      fc.property(fc.uniqueArray(school, { selector: (s) => s.digits, maxLength: 30 }), (rows) => {
        const lines = rows.map((r) =>
          [uaiWithKey(r.digits), r.name, r.type, r.sector, r.commune, r.point?.[0] ?? '', r.point?.[1] ?? ''].join(';'),
        );
        const { schools, skipped } = readSchools([header, ...lines].join('\n'));
        const kept = rows.filter((r) => !['Médico-social', 'Service Administratif'].includes(r.type));
        expect(skipped).toBe(rows.length - kept.length);
        expect(schools.map((s) => s.uai)).toEqual(kept.map((r) => uaiWithKey(r.digits)));
        expect(schools.map((s) => s.point)).toEqual(kept.map((r) => (r.point ? [r.point[1], r.point[0]] : null)));
      }),
    );
  });

  it('never throws anything but an input error naming a line and column (or the file) on arbitrary text', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ maxLength: 12 }), { maxLength: 8 }), { maxLength: 6 }), (cells) => {
        const text = [header, ...cells.map((row) => row.join(';'))].join('\n');
        try {
          readSchools(text);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          for (const problem of (error as AppError).details) expect(problem.field).toMatch(/^(line \d+(, column \w+)?|file)$/);
        }
      }),
    );
  });

  it('finds the columns by their header name, in any order, and refuses a file without the UAI column', () => {
    const reordered =
      'longitude;latitude;Statut_public_prive;Type_etablissement;Nom_etablissement;Identifiant_de_l_etablissement\n7.75;48.58;Public;Lycée;Lycée Fictif;0679999Z';
    expect(readSchools(reordered).schools).toEqual([
      { uai: '0679999Z', name: 'Lycée Fictif', kind: 'lycee', sector: 'public', communeCode: null, point: [7.75, 48.58] },
    ]);
    expect(() => readSchools('Nom_etablissement;Type_etablissement;Statut_public_prive\nX;Lycée;Public')).toThrow(
      /line 1: no column Identifiant_de_l_etablissement/,
    );
  });
});
