import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { defineOperation } from '../../../platform/access/operation.js';
import { AppError, type FieldProblem } from '../../../platform/errors.js';
import { UAI_PATTERN } from './session-input.js';
import type { SchoolKind, SchoolSector } from './tables.js';

const MAX_PROBLEMS = 20;

/** The Annuaire de l'éducation's columns, found by their header name (others are ignored). */
const headers = {
  uai: 'Identifiant_de_l_etablissement',
  name: 'Nom_etablissement',
  kind: 'Type_etablissement',
  sector: 'Statut_public_prive',
  commune: 'Code_commune',
  lat: 'latitude',
  lon: 'longitude',
} as const;
type Column = keyof typeof headers;
const required: Column[] = ['uai', 'name', 'kind', 'sector'];

const plain = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase();
const kinds: Record<string, SchoolKind> = { ecole: 'ecole', college: 'college', lycee: 'lycee' };
const sectors: Record<string, SchoolSector> = { public: 'public', prive: 'private' };

export interface SchoolRow {
  uai: string;
  name: string;
  kind: SchoolKind;
  sector: SchoolSector;
  communeCode: string | null;
  point: [number, number] | null;
}

/**
 * Reads an Annuaire de l'éducation CSV (`;`, UTF-8 with or without BOM). Rows of other kinds of establishment
 * (médico-social, services…) are skipped; any bad row is named by line and column and the whole file refused.
 */
export function readSchools(text: string): { schools: SchoolRow[]; skipped: number } {
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter: ';', skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (error) {
    throw new AppError('invalid_input', `not a readable CSV: ${(error as Error).message}`, [
      { field: 'file', message: 'not a readable CSV' },
    ]);
  }
  const [header = [], ...rows] = records;
  const index = Object.fromEntries(
    Object.entries(headers).map(([key, name]) => [key, header.findIndex((h) => plain(h) === plain(name))]),
  ) as Record<Column, number>;
  const missing = required.filter((c) => index[c] < 0).map((c) => headers[c]);
  if (missing.length)
    throw new AppError('invalid_input', `line 1: no column ${missing.join(', ')}`, [
      { field: 'line 1', message: `no column ${missing.join(', ')}` },
    ]);
  const problems: FieldProblem[] = [];
  const problem = (line: number, column: Column, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ field: `line ${line}, column ${headers[column]}`, message });
  };
  const seen = new Set<string>();
  const schools: SchoolRow[] = [];
  let skipped = 0;
  for (const [i, row] of rows.entries()) {
    const line = i + 2;
    const cell = (column: Column) => (index[column] >= 0 ? (row[index[column]] ?? '') : '');
    const typeText = cell('kind');
    if (typeText === '') {
      problem(line, 'kind', 'the type of establishment is missing');
      continue;
    }
    const kind = kinds[plain(typeText)];
    if (!kind) {
      skipped++;
      continue;
    }
    const uai = cell('uai').toUpperCase();
    if (!UAI_PATTERN.test(uai)) problem(line, 'uai', `« ${cell('uai')} » is not a UAI code (7 digits and a letter)`);
    else if (seen.has(uai)) problem(line, 'uai', `${uai} appears twice`);
    seen.add(uai);
    const name = cell('name');
    if (name.length < 2 || name.length > 200) problem(line, 'name', 'the name is missing or longer than 200 characters');
    const sector = sectors[plain(cell('sector'))];
    if (!sector) problem(line, 'sector', `« ${cell('sector')} » is neither Public nor Privé`);
    const commune = cell('commune');
    if (commune !== '' && !/^[0-9][0-9AB][0-9]{3}$/.test(commune))
      problem(line, 'commune', `« ${commune} » is not an INSEE commune code`);
    const [latText, lonText] = [cell('lat'), cell('lon')].map((v) => v.replace(',', '.'));
    let point: [number, number] | null = null;
    if (latText !== '' || lonText !== '') {
      const lat = Number(latText);
      const lon = Number(lonText);
      if (latText === '' || !Number.isFinite(lat) || Math.abs(lat) > 90)
        problem(line, 'lat', `« ${cell('lat')} » is not a latitude`);
      else if (lonText === '' || !Number.isFinite(lon) || Math.abs(lon) > 180)
        problem(line, 'lon', `« ${cell('lon')} » is not a longitude`);
      else point = [lon, lat];
    }
    schools.push({ uai, name, kind, sector: sector ?? 'public', communeCode: commune || null, point });
  }
  if (problems.length) throw new AppError('invalid_input', problems.map((p) => `${p.field}: ${p.message}`).join('\n'), problems);
  return { schools, skipped };
}

/** Imports (or updates, by UAI) the schools of an Annuaire de l'éducation file: all of them or none. */
export const importSchools = defineOperation({
  name: 'prevention.import-schools',
  permission: 'prevention.manage',
  async run({ tx, tenant, clock, audit }, input: { csv: string }) {
    const { schools, skipped } = readSchools(input.csv);
    for (let i = 0; i < schools.length; i += 500) {
      const batch = schools.slice(i, i + 500).map((s) => ({
        tenant_id: tenant.id,
        uai: s.uai,
        name: s.name,
        kind: s.kind,
        sector: s.sector,
        commune_code: s.communeCode,
        geom: s.point ? sql`ST_SetSRID(ST_MakePoint(${s.point[0]}, ${s.point[1]}), 4326)` : null,
        updated_at: clock.now(),
      }));
      await tx
        .insertInto('prevention_schools')
        .values(batch)
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'uai']).doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            kind: eb.ref('excluded.kind'),
            sector: eb.ref('excluded.sector'),
            commune_code: eb.ref('excluded.commune_code'),
            geom: eb.ref('excluded.geom'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
    audit({
      entityType: 'prevention-schools',
      entityId: tenant.id,
      fields: ['uai', 'name', 'kind', 'sector', 'commune', 'point'],
    });
    return { imported: schools.length, skipped };
  },
});
