import type { Kysely } from 'kysely';
import type { Tx } from '../../../db/database.js';
import type { DB } from '../../../db/schema.js';

const columns = [
  'id',
  'file_kind',
  'format',
  'geography_year',
  'source',
  'status',
  'rows_read',
  'rows_imported',
  'unpublished',
  'years',
  'unknown_labels',
  'started_at',
  'activated_at',
] as const;

/** The editions in service (at most one per file kind). */
export const activeEditions = (db: Kysely<DB> | Tx) =>
  db.selectFrom('ssmsi_editions').select(columns).where('status', '=', 'active').orderBy('file_kind').execute();

/** The latest imports, newest first. */
export const editionHistory = (db: Kysely<DB> | Tx, limit = 20) =>
  db.selectFrom('ssmsi_editions').select(columns).orderBy('started_at', 'desc').limit(limit).execute();

export type EditionRow = Awaited<ReturnType<typeof activeEditions>>[number];
