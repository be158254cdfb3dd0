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
 * One batch in one statement: each column travels as one array parameter and `unnest` turns them back into rows,
 * so a batch of thousands of rows is a single round trip with 17 parameters (no 65 535-parameter ceiling).
 */
export async function insertValues(db: Kysely<DB>, editionId: string, level: 'commune' | 'departement', rows: SsmsiValue[]) {
  if (rows.length === 0) return;
  const column = <T>(pick: (row: SsmsiValue) => T) => rows.map(pick);
  await sql`INSERT INTO ssmsi_values (edition_id, level, code, region_code, year, indicator, definition, unit, count,
      rate_per_mille, published, department_average_count, department_average_rate, population, population_year,
      dwellings, dwellings_year)
    SELECT ${editionId}::uuid, ${level}, v.* FROM unnest(
      ${column((r) => r.code)}::text[], ${column((r) => r.regionCode)}::text[], ${column((r) => r.year)}::smallint[],
      ${column((r) => r.indicator)}::text[], ${column((r) => r.definition)}::text[], ${column((r) => r.unit)}::text[],
      ${column((r) => r.count)}::integer[], ${column((r) => r.rate)}::double precision[], ${column((r) => r.published)}::boolean[],
      ${column((r) => r.departmentAverageCount)}::double precision[], ${column((r) => r.departmentAverageRate)}::double precision[],
      ${column((r) => r.population)}::double precision[], ${column((r) => r.populationYear)}::smallint[],
      ${column((r) => r.dwellings)}::double precision[], ${column((r) => r.dwellingsYear)}::smallint[]
    ) AS v`.execute(db);
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
