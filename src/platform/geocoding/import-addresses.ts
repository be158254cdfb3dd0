import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { sql } from 'kysely';
import { defineOperation, type OperationContext } from '../access/operation.js';
import { AppError, type FieldProblem } from '../errors.js';
import { normaliseForSearch } from './geocoder.js';

/** Columns of the BAN "adresses" CSV files (semicolon-separated) that the index uses. */
const required = ['id', 'numero', 'rep', 'nom_voie', 'code_postal', 'code_insee', 'nom_commune', 'lon', 'lat'] as const;
type BanRow = Record<(typeof required)[number], string>;

export interface AddressRow {
  id: string;
  label: string;
  postcode: string;
  city: string;
  insee_code: string;
  search: string;
  lon: number;
  lat: number;
}

const BATCH = 1000;
const MAX_REPORTED = 20;

function readRow(row: BanRow): AddressRow | string {
  const lon = Number(row.lon);
  const lat = Number(row.lat);
  if (!row.id) return 'id is empty';
  if (!row.nom_voie) return 'nom_voie is empty';
  if (!/^\d{5}$/.test(row.code_postal)) return `code_postal "${row.code_postal}" is not 5 digits`;
  if (
    !Number.isFinite(lon) ||
    !Number.isFinite(lat) ||
    Math.abs(lon) > 180 ||
    Math.abs(lat) > 90 ||
    row.lon === '' ||
    row.lat === ''
  ) {
    return 'lon/lat are not WGS 84 coordinates';
  }
  const street = [row.numero, row.rep].filter(Boolean).join(' ');
  const label = `${street ? `${street} ` : ''}${row.nom_voie} ${row.code_postal} ${row.nom_commune}`;
  return {
    id: row.id,
    label,
    postcode: row.code_postal,
    city: row.nom_commune,
    insee_code: row.code_insee,
    search: normaliseForSearch(label),
    lon,
    lat,
  };
}

/** Reads and checks the whole file first: one bad row refuses the file and changes nothing. */
async function readBanFile(path: string): Promise<AddressRow[]> {
  const rows: AddressRow[] = [];
  const problems: FieldProblem[] = [];
  const parser = createReadStream(path).pipe(
    parse({ delimiter: ';', columns: true, bom: true, skip_empty_lines: true, relax_column_count: false }),
  );
  let line = 1;
  try {
    for await (const record of parser as AsyncIterable<BanRow>) {
      line++;
      if (line === 2) {
        const missing = required.filter((column) => !(column in record));
        if (missing.length)
          throw new AppError('invalid_input', `Not a BAN addresses file: missing column(s) ${missing.join(', ')}`);
      }
      const read = readRow(record);
      if (typeof read === 'string') problems.push({ field: `line ${line}`, message: `line ${line}: ${read}` });
      else rows.push(read);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('invalid_input', `No such file: ${path}`);
    throw new AppError('invalid_input', `The file is not a readable CSV: ${(error as Error).message}`);
  }
  if (problems.length) {
    const shown = problems.slice(0, MAX_REPORTED).map((p) => `  ${p.message}`);
    if (problems.length > MAX_REPORTED) shown.push(`  … and ${problems.length - MAX_REPORTED} more`);
    throw new AppError(
      'invalid_input',
      `${problems.length} row(s) refused, nothing imported:\n${shown.join('\n')}`,
      problems.slice(0, MAX_REPORTED),
    );
  }
  return rows;
}

/** Adds or replaces one batch of addresses in the tenant's index. */
export const saveAddresses = defineOperation({
  name: 'platform.save-addresses',
  permission: 'platform.territories-manage',
  async run({ tx, tenant, audit }, batch: AddressRow[]) {
    await tx
      .insertInto('addresses')
      .values(
        batch.map(({ lon, lat, ...row }) => ({
          ...row,
          tenant_id: tenant.id,
          geom: sql`ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)`,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({
          label: eb.ref('excluded.label'),
          postcode: eb.ref('excluded.postcode'),
          city: eb.ref('excluded.city'),
          insee_code: eb.ref('excluded.insee_code'),
          search: eb.ref('excluded.search'),
          geom: eb.ref('excluded.geom'),
        })),
      )
      .execute();
    audit({
      entityType: 'address-index',
      entityId: null,
      fields: ['label', 'postcode', 'city', 'insee_code', 'geom'],
      count: batch.length,
    });
    return batch.length;
  },
});

/** Fills the tenant's local address index from a BAN CSV file: checked whole first, then written in short batches. */
export async function importAddresses(ctx: OperationContext, path: string): Promise<number> {
  const rows = await readBanFile(path);
  for (let start = 0; start < rows.length; start += BATCH) await saveAddresses(ctx, rows.slice(start, start + BATCH));
  return rows.length;
}
