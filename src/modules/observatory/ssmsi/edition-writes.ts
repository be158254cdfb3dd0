/**
 * The importer's writes to the shared SSMSI tables (national reference data, no tenant: written with the
 * platform's own connection like `natinf_codes`). Long work in short steps (DESIGN.md): an invisible 'loading'
 * edition filled by large multi-row inserts, switched on in one short transaction, and editions no longer in use
 * emptied by batches so that no statement holds the embedded engine for long.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { AppError } from '../../../platform/errors.js';
import type { SsmsiValue } from './ssmsi-row.js';
import type { SsmsiFileKind, SsmsiFormat } from './tables.js';

/** Rows deleted per statement when an edition is emptied. */
const PURGE_BATCH = 50_000;
/** An edition still 'loading' after this long was left by an interrupted import. */
const ABANDONED_AFTER_MS = 6 * 3600_000;

export async function startEdition(
  db: Kysely<DB>,
  input: { kind: SsmsiFileKind; format: SsmsiFormat; geographyYear: number | null; source: string; now: Date },
): Promise<string> {
  const { id } = await db
    .insertInto('ssmsi_editions')
    .values({
      file_kind: input.kind,
      format: input.format,
      geography_year: input.geographyYear,
      source: input.source.slice(0, 300) || 'ssmsi.csv',
      status: 'loading',
      started_at: input.now,
      activated_at: null,
      retired_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * Array literals built here rather than by the driver: `pg` turns each element of an array parameter into a quoted,
 * regex-escaped string, which for 17 columns × thousands of rows was much of the importing thread's time.
 */
const numbers = (values: (number | null)[]) => `{${values.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`;
const booleans = (values: boolean[]) => `{${values.map((v) => (v ? 't' : 'f')).join(',')}}`;
const texts = (values: string[]) => `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

/** Distinct values of a batch and each row's 1-based index into them (labels and regions repeat on every row). */
function dictionary<T>(rows: readonly T[], keyOf: (row: T) => string | null) {
  const index = new Map<string, number>();
  const refs = rows.map((row) => {
    const key = keyOf(row);
    if (key === null) return null;
    const known = index.get(key);
    if (known !== undefined) return known;
    index.set(key, index.size + 1);
    return index.size;
  });
  return { values: [...index.keys()], refs };
}

/**
 * One batch in one statement: each column travels as one array parameter and `unnest` turns them back into rows, so a
 * batch of thousands of rows is a single round trip with a dozen parameters (no 65 535-parameter ceiling). The
 * indicator, its definition and unit, and the region travel once per batch, each row carrying their index.
 */
export async function insertValues(db: Kysely<DB>, editionId: string, level: 'commune' | 'departement', rows: SsmsiValue[]) {
  if (rows.length === 0) return;
  const labels = dictionary(rows, (r) => `${r.indicator}\u0001${r.definition}\u0001${r.unit}`);
  const regions = dictionary(rows, (r) => r.regionCode);
  const label = labels.values.map((v) => v.split('\u0001'));
  const column = <T>(pick: (row: SsmsiValue) => T) => rows.map(pick);
  await sql`INSERT INTO ssmsi_values (edition_id, level, code, region_code, year, indicator, definition, unit, count,
      rate_per_mille, published, department_average_count, department_average_rate, population, population_year,
      dwellings, dwellings_year)
    SELECT ${editionId}::uuid, ${level}, v.code, d.region[v.r], v.year, d.indicator[v.k], d.definition[v.k], d.unit[v.k],
      v.count, v.rate, v.published, v.dac, v.dar, v.population, v.population_year, v.dwellings, v.dwellings_year
    FROM (SELECT ${texts(label.map((l) => l[0]))}::text[] AS indicator, ${texts(label.map((l) => l[1]))}::text[] AS definition,
        ${texts(label.map((l) => l[2]))}::text[] AS unit, ${texts(regions.values)}::text[] AS region) AS d,
      unnest(${texts(column((r) => r.code))}::text[], ${numbers(regions.refs)}::integer[], ${numbers(column((r) => r.year))}::smallint[],
        ${numbers(labels.refs)}::integer[], ${numbers(column((r) => r.count))}::integer[],
        ${numbers(column((r) => r.rate))}::double precision[], ${booleans(column((r) => r.published))}::boolean[],
        ${numbers(column((r) => r.departmentAverageCount))}::double precision[],
        ${numbers(column((r) => r.departmentAverageRate))}::double precision[],
        ${numbers(column((r) => r.population))}::double precision[], ${numbers(column((r) => r.populationYear))}::smallint[],
        ${numbers(column((r) => r.dwellings))}::double precision[], ${numbers(column((r) => r.dwellingsYear))}::smallint[]
      ) AS v(code, r, year, k, count, rate, published, dac, dar, population, population_year, dwellings, dwellings_year)`.execute(
    db,
  );
}

export interface EditionCounts {
  rowsRead: number;
  rowsImported: number;
  unpublished: number;
  years: number[];
  unknownLabels: string[];
}

/**
 * The switch, one short transaction: the active edition of the same file kind is retired and this one activated.
 * Returns the retired editions, whose rows the caller then purges.
 */
export async function activateEdition(
  db: Kysely<DB>,
  editionId: string,
  kind: SsmsiFileKind,
  counts: EditionCounts,
  now: Date,
): Promise<string[]> {
  return db.transaction().execute(async (tx) => {
    // Two imports finishing at once switch one after the other (the last one wins).
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`ssmsi-switch:${kind}`}, 0))`.execute(tx);
    const edition = await tx.selectFrom('ssmsi_editions').select('status').where('id', '=', editionId).executeTakeFirst();
    if (edition?.status !== 'loading') throw new AppError('conflict', `SSMSI edition ${editionId} is not loading`);
    const retired = await tx
      .updateTable('ssmsi_editions')
      .set({ status: 'retired', retired_at: now })
      .where('file_kind', '=', kind)
      .where('status', '=', 'active')
      .returning('id')
      .execute();
    await tx
      .updateTable('ssmsi_editions')
      .set({
        status: 'active',
        activated_at: now,
        rows_read: counts.rowsRead,
        rows_imported: counts.rowsImported,
        unpublished: counts.unpublished,
        years: counts.years,
        unknown_labels: counts.unknownLabels,
      })
      .where('id', '=', editionId)
      .execute();
    return retired.map((r) => r.id);
  });
}

/** A refused file: its edition stays in the history as 'failed', without rows. */
export async function failEdition(db: Kysely<DB>, editionId: string, rowsRead: number): Promise<void> {
  await db.updateTable('ssmsi_editions').set({ status: 'failed', rows_read: rowsRead }).where('id', '=', editionId).execute();
  await purgeEditionRows(db, editionId);
}

/** Deletes an edition's rows by batches (each statement short, readers of the active edition never wait long). */
export async function purgeEditionRows(db: Kysely<DB>, editionId: string): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await sql`DELETE FROM ssmsi_values WHERE edition_id = ${editionId}::uuid AND ctid = ANY(ARRAY(
        SELECT ctid FROM ssmsi_values WHERE edition_id = ${editionId}::uuid LIMIT ${PURGE_BATCH}))`.execute(db);
    const deleted = Number(result.numAffectedRows ?? 0);
    total += deleted;
    if (deleted < PURGE_BATCH) return total;
  }
}

/** Rows left by editions no longer in use (a purge or an import interrupted): emptied before a new import. */
export async function purgeUnusedEditions(db: Kysely<DB>, now: Date): Promise<void> {
  await db
    .updateTable('ssmsi_editions')
    .set({ status: 'failed' })
    .where('status', '=', 'loading')
    .where('started_at', '<', new Date(now.getTime() - ABANDONED_AFTER_MS))
    .execute();
  const unused = await db
    .selectFrom('ssmsi_editions')
    .select('id')
    .where('status', 'in', ['retired', 'failed'])
    .where((eb) =>
      eb.exists(eb.selectFrom('ssmsi_values').select('level').whereRef('ssmsi_values.edition_id', '=', 'ssmsi_editions.id')),
    )
    .execute();
  for (const { id } of unused) await purgeEditionRows(db, id);
}
