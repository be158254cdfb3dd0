import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type pg from 'pg';
import type { Engine } from '../../db/database.js';
import type { Clock } from '../clock/clock.js';
import { AppError } from '../errors.js';
import { type BackupTable, listBackupSequences, listBackupTables, qualified, quoteIdent } from './backup-catalog.js';
import { BACKUP_FORMAT, BACKUP_VERSION, marker, type SequenceMarker } from './backup-format.js';
import { appliedMigrations, requireRowSecurityBypass } from './session-checks.js';

/** Rows fetched from the cursor at a time: the dump never holds a whole table in memory. */
const FETCH_ROWS = 1000;

export interface BackupSummary {
  file: string;
  tables: number;
  rows: number;
  bytes: number;
  milliseconds: number;
  perTable: { table: string; rows: number }[];
}

/** The row as the database writes it as JSON; extension types (geometry) by their exact text form. */
function rowQuery(table: BackupTable): string {
  const columns = table.columns.map((c) =>
    table.textColumns.includes(c) ? `${quoteIdent(c)}::text AS ${quoteIdent(c)}` : quoteIdent(c),
  );
  return `SELECT row_to_json(x)::text AS line FROM (SELECT ${columns.join(', ')} FROM ${qualified(table.name)} ORDER BY ${table.orderBy.map(quoteIdent).join(', ')}) x`;
}

/**
 * The lines of a backup, read in one read-only REPEATABLE READ transaction: every table as of the same
 * instant, so foreign keys hold in the file as they did in the database.
 */
async function* backupLines(
  client: pg.PoolClient,
  about: { app: string; engine: Engine; createdAt: string },
  perTable: BackupSummary['perTable'],
): AsyncGenerator<string> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    await requireRowSecurityBypass(client, 'back up');
    // Fixed output settings: the same data gives the same bytes whichever session defaults apply.
    await client.query(`SELECT set_config('row_security', 'off', true), set_config('bytea_output', 'hex', true),
      set_config('TimeZone', 'UTC', true), set_config('extra_float_digits', '1', true)`);
    const migrations = await appliedMigrations(client);
    if (!migrations) throw new AppError('invalid_input', 'This database was never migrated: there is nothing to back up.');
    const tables = await listBackupTables(client);
    yield marker('header', {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      ...about,
      migrations,
      tables: tables.map((t) => t.name),
    });
    for (const table of tables) {
      yield marker('table', { table: table.name, columns: table.columns });
      const hash = createHash('sha256');
      let rows = 0;
      await client.query(`DECLARE quietude_backup NO SCROLL CURSOR FOR ${rowQuery(table)}`);
      for (;;) {
        const batch = await client.query<{ line: string }>(`FETCH ${FETCH_ROWS} FROM quietude_backup`);
        for (const { line } of batch.rows) {
          hash.update(`${line}\n`);
          yield line;
        }
        rows += batch.rows.length;
        if (batch.rows.length < FETCH_ROWS) break;
      }
      await client.query('CLOSE quietude_backup');
      perTable.push({ table: table.name, rows });
      yield marker('end', { table: table.name, rows, sha256: hash.digest('hex') });
    }
    const sequences: SequenceMarker[] = [];
    for (const sequence of await listBackupSequences(client)) {
      const state = await client.query<{ last_value: string; is_called: boolean }>(
        `SELECT last_value::text, is_called FROM ${qualified(sequence.name)}`,
      );
      const row = state.rows[0];
      if (row) sequences.push({ name: sequence.name, lastValue: row.last_value, isCalled: row.is_called });
    }
    yield marker('sequences', sequences);
    yield marker('done', { tables: tables.length, rows: perTable.reduce((sum, t) => sum + t.rows, 0) });
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** A backup never replaces a file: the one it would replace may be the only good copy. */
export function refuseExistingFile(file: string): void {
  if (existsSync(file))
    throw new AppError('invalid_input', `${file} already exists: choose another name (a backup never overwrites a file).`, [
      { field: 'FILE', message: 'already exists' },
    ]);
}

/**
 * Writes a backup of the whole database to `file`, streamed through gzip. It is written beside the
 * target and renamed when complete, so a failed backup never leaves a file that looks whole.
 */
export async function writeBackup(
  pool: pg.Pool,
  file: string,
  options: { engine: Engine; app: string; clock: Clock },
): Promise<BackupSummary> {
  const began = performance.now();
  const partial = `${file}.partial-${process.pid}`;
  const perTable: BackupSummary['perTable'] = [];
  refuseExistingFile(file);
  const client = await pool.connect();
  let finished = false;
  try {
    const lines = backupLines(
      client,
      { app: options.app, engine: options.engine, createdAt: options.clock.now().toISOString() },
      perTable,
    );
    await pipeline(
      Readable.from(
        (async function* () {
          for await (const line of lines) yield `${line}\n`;
        })(),
      ),
      createGzip(),
      createWriteStream(partial, { flags: 'wx' }),
    );
    await rename(partial, file);
    finished = true;
  } catch (error) {
    await rm(partial, { force: true });
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EACCES')
      throw new AppError('invalid_input', `Cannot write ${file}: ${(error as Error).message}`, [
        { field: 'FILE', message: 'cannot be written' },
      ]);
    throw error;
  } finally {
    // Stopped half-way (the disk filled up), the connection may still be inside the dump's transaction.
    client.release(!finished);
  }
  const { size } = await stat(file);
  return {
    file,
    tables: perTable.length,
    rows: perTable.reduce((sum, t) => sum + t.rows, 0),
    bytes: size,
    milliseconds: Math.round(performance.now() - began),
    perTable,
  };
}
