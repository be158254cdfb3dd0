import { createHash, type Hash } from 'node:crypto';
import type pg from 'pg';
import { migrate } from '../../db/migrate.js';
import { AppError } from '../errors.js';
import { type BackupTable, listBackupTables, qualified } from './backup-catalog.js';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupHeader, corrupt, parseBackupLine } from './backup-format.js';
import { readBackupLines } from './read-backup-lines.js';
import { appliedMigrations, migrationDifference, requireRowSecurityBypass, shippedMigrations } from './session-checks.js';

/** Rows sent per INSERT, and the JSON size that sends a batch earlier (rows with PDFs or photos). */
const BATCH_ROWS = 1000;
const BATCH_BYTES = 4 * 1024 * 1024;
const STAGE = 'quietude_restore_stage';

export interface RestoreSummary {
  file: string;
  tables: number;
  rows: number;
  /** Migrations applied first, when the target was a new database. */
  migrated: number;
  milliseconds: number;
  createdAt: string;
}

const refused = (message: string, field = 'FILE') =>
  new AppError('invalid_input', `${message} Nothing was restored.`, [{ field, message }]);

/** Reads the header line, before the database is touched: what the file is and which schema it needs. */
async function readHeader(lines: AsyncGenerator<string>): Promise<BackupHeader> {
  const first = await lines.next();
  if (first.done) throw corrupt('the file is empty');
  let raw: unknown;
  try {
    raw = JSON.parse(first.value);
  } catch {
    raw = undefined;
  }
  const about = Array.isArray(raw) && raw[0] === 'header' ? (raw[1] as { format?: unknown; version?: unknown }) : undefined;
  if (about?.format !== BACKUP_FORMAT) throw refused('This file is not a Quiétude backup.');
  if (about.version !== BACKUP_VERSION)
    throw refused(`This backup has format version ${String(about.version)}; this Quiétude reads version ${BACKUP_VERSION}.`);
  const header = parseBackupLine(first.value, 1);
  if (header.kind !== 'header') throw corrupt('line 1 is not the header');
  return header.value;
}

/** One table being loaded: its rows are checked against the file's count and checksum before commit. */
interface Loading {
  table: BackupTable;
  hash: Hash;
  rows: number;
  batch: string[];
  batchBytes: number;
}

async function flush(client: pg.PoolClient, loading: Loading): Promise<void> {
  if (loading.batch.length === 0) return;
  const { table } = loading;
  // A table referencing itself is staged and inserted in one statement at its end (the foreign key is
  // checked when the statement ends, whatever the order of its rows).
  const into = table.selfReferencing ? STAGE : qualified(table.name);
  const override = table.hasIdentity && !table.selfReferencing ? ' OVERRIDING SYSTEM VALUE' : '';
  await client.query(
    `INSERT INTO ${into}${override} SELECT * FROM json_populate_recordset(NULL::${qualified(table.name)}, $1::json)`,
    [`[${loading.batch.join(',')}]`],
  );
  loading.batch = [];
  loading.batchBytes = 0;
}

/** Refuses a target that holds any row: a restore adds to nothing, it never merges. */
async function requireEmpty(client: pg.PoolClient, tables: BackupTable[]): Promise<void> {
  const filled: string[] = [];
  for (const table of tables) {
    const result = await client.query<{ filled: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${qualified(table.name)}) AS filled`);
    if (result.rows[0]?.filled) filled.push(table.name);
  }
  if (filled.length > 0)
    throw refused(
      `The target database is not empty (rows in ${filled.slice(0, 5).join(', ')}${filled.length > 5 ? `, and ${filled.length - 5} more tables` : ''}): restore into a new database.`,
      'DATABASE_URL',
    );
}

/** Brings a never-migrated database to the file's schema, when this version ships exactly those migrations. */
async function prepareTarget(pool: pg.Pool, header: BackupHeader): Promise<number> {
  const client = await pool.connect();
  let applied: string[] | undefined;
  try {
    applied = await appliedMigrations(client);
  } finally {
    client.release();
  }
  if (applied) {
    const difference = migrationDifference(header.migrations, applied, 'the target database');
    if (difference) throw refused(`The migrations differ: ${difference}.`, 'DATABASE_URL');
    return 0;
  }
  const difference = migrationDifference(header.migrations, shippedMigrations(), 'this version of Quiétude');
  if (difference)
    throw refused(`The migrations differ: ${difference}. Restore with the version of Quiétude that made the file, then upgrade.`);
  return (await migrate(pool)).length;
}

/** The file's header, checked without touching any database (the command asks before opening one). */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const lines = readBackupLines(file);
  try {
    return await readHeader(lines);
  } finally {
    await lines.return(undefined);
  }
}

/**
 * Loads a backup into an empty database of the same schema, in one transaction: a refusal or a
 * corrupt line anywhere leaves the target as it was.
 */
export async function restoreBackup(pool: pg.Pool, file: string): Promise<RestoreSummary> {
  const began = performance.now();
  const lines = readBackupLines(file);
  try {
    const header = await readHeader(lines);
    const migrated = await prepareTarget(pool, header);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const total = await load(client, header, lines);
      await client.query('COMMIT');
      return {
        file,
        tables: header.tables.length,
        rows: total,
        migrated,
        milliseconds: Math.round(performance.now() - began),
        createdAt: header.createdAt,
      };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  } finally {
    await lines.return(undefined);
  }
}

async function load(client: pg.PoolClient, header: BackupHeader, lines: AsyncGenerator<string>): Promise<number> {
  await requireRowSecurityBypass(client, 'restore');
  // The operation guard admits writes inside an operation: a restore is one, and it adds no audit event
  // of its own so that the audit chains come back exactly as they were.
  await client.query(`SELECT set_config('row_security', 'off', true), set_config('quietude.operation', 'backup.restore', true)`);
  const tables = await listBackupTables(client);
  const byName = new Map(tables.map((t) => [t.name, t]));
  const unknown = header.tables.filter((name) => !byName.has(name));
  if (unknown.length) throw refused(`The target database has no table ${unknown.join(', ')}.`, 'DATABASE_URL');
  await requireEmpty(client, tables);

  let loading: Loading | undefined;
  let seen = 0;
  let total = 0;
  let lineNumber = 1;
  for await (const text of lines) {
    lineNumber += 1;
    const line = parseBackupLine(text, lineNumber);
    if (line.kind === 'row') {
      if (!loading) throw corrupt(`line ${lineNumber}: a row outside any table`);
      loading.hash.update(`${line.text}\n`);
      loading.rows += 1;
      loading.batch.push(line.text);
      loading.batchBytes += line.text.length;
      if (loading.batch.length >= BATCH_ROWS || loading.batchBytes >= BATCH_BYTES) await flush(client, loading);
    } else if (line.kind === 'table') {
      const table = byName.get(line.value.table);
      if (loading || !table || header.tables[seen] !== table.name)
        throw corrupt(`line ${lineNumber}: table ${line.value.table} out of place`);
      if (line.value.columns.join(',') !== table.columns.join(','))
        throw refused(`Table ${table.name} has other columns in the target database than in the file.`, 'DATABASE_URL');
      if (table.selfReferencing)
        await client.query(`CREATE TEMP TABLE ${STAGE} ON COMMIT DROP AS SELECT * FROM ${qualified(table.name)} WITH NO DATA`);
      loading = { table, hash: createHash('sha256'), rows: 0, batch: [], batchBytes: 0 };
    } else if (line.kind === 'end') {
      if (!loading || line.value.table !== loading.table.name) throw corrupt(`line ${lineNumber}: end of a table not begun`);
      await flush(client, loading);
      if (line.value.rows !== loading.rows || line.value.sha256 !== loading.hash.digest('hex'))
        throw corrupt(`the rows of table ${loading.table.name} do not match their checksum`);
      if (loading.table.selfReferencing) {
        const override = loading.table.hasIdentity ? ' OVERRIDING SYSTEM VALUE' : '';
        await client.query(`INSERT INTO ${qualified(loading.table.name)}${override} SELECT * FROM ${STAGE}`);
        await client.query(`DROP TABLE ${STAGE}`);
      }
      total += loading.rows;
      seen += 1;
      loading = undefined;
    } else if (line.kind === 'sequences') {
      for (const sequence of line.value)
        await client.query('SELECT setval($1::regclass, $2::bigint, $3)', [
          qualified(sequence.name),
          sequence.lastValue,
          sequence.isCalled,
        ]);
    } else if (line.kind === 'done') {
      if (loading || seen !== header.tables.length || line.value.rows !== total)
        throw corrupt('the table count or row count does not add up');
      return total;
    } else {
      throw corrupt(`line ${lineNumber}: a second header`);
    }
  }
  throw corrupt('the file ends before its last line (truncated)');
}
