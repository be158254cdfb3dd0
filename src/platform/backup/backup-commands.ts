import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, UsageError } from '../../cli/command.js';
import { withDeps } from '../../cli/with-deps.js';
import { parseConfig } from '../../config.js';
import { readLiveOwner } from '../../db/data-dir-lock.js';
import { AppError } from '../errors.js';
import { readBackupHeader, restoreBackup } from './restore-backup.js';
import { refuseExistingFile, writeBackup } from './write-backup.js';

function appVersion(): string {
  try {
    return JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

const fileArgument = (positionals: string[]): string => {
  const [file] = positionals;
  if (!file) throw new UsageError('FILE is required');
  return file;
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** `quietude backup FILE`: every table of the database, in the engine-neutral format (docs/adr/0009-backups.md). */
export const backupCommand: Command = {
  name: 'backup',
  summary:
    'Write a backup of the whole database (gzip’d JSON lines, readable by either engine); the embedded one through the running server when it runs',
  usage: 'quietude backup FILE',
  positionals: [1, 1],
  async run({ positionals }) {
    const file = fileArgument(positionals);
    refuseExistingFile(file);
    const config = parseConfig();
    const throughServer = !config.databaseUrl && readLiveOwner(config.dataDir) !== undefined;
    // Opening a missing embedded database would create an empty one: say so instead.
    if (!config.databaseUrl && !throughServer && !existsSync(join(config.dataDir, 'pgdata')))
      throw new AppError('invalid_input', `There is no embedded database in ${config.dataDir} (DATA_DIR) to back up.`, [
        { field: 'DATA_DIR', message: 'holds no database' },
      ]);
    return withDeps(async (deps) => {
      const summary = await writeBackup(deps.database.pool, file, {
        engine: deps.database.engine,
        app: appVersion(),
        clock: deps.clock,
      });
      const lines = [
        `Backup written to ${summary.file}`,
        `tables: ${summary.tables}`,
        `rows: ${summary.rows}`,
        `bytes: ${summary.bytes}`,
        `duration: ${seconds(summary.milliseconds)}`,
      ];
      if (throughServer)
        lines.push('Made through the running server (its requests waited while the tables were read, to keep them consistent).');
      return { text: lines.join('\n'), json: { ...summary, throughServer } };
    });
  },
};

/** `quietude restore FILE`: into a new (or new and migrated) database only; the server stays stopped meanwhile. */
export const restoreCommand: Command = {
  name: 'restore',
  summary: 'Load a backup made by `quietude backup` into a new, empty database (the server stopped), all or nothing',
  usage: 'quietude restore FILE',
  positionals: [1, 1],
  async run({ positionals }) {
    const file = fileArgument(positionals);
    const config = parseConfig();
    const owner = config.databaseUrl ? undefined : readLiveOwner(config.dataDir);
    if (owner)
      throw new AppError(
        'engine_locked',
        `The server (process ${owner.pid}) is using the embedded database in ${config.dataDir}: stop it, restore into a new DATA_DIR, then start the server on that directory.`,
      );
    // A file that is not a backup is refused before a new embedded directory is set up for it.
    await readBackupHeader(file);
    return withDeps(async (deps) => {
      const summary = await restoreBackup(deps.database.pool, file);
      const lines = [
        `Backup ${summary.file} (made ${summary.createdAt}) restored`,
        ...(summary.migrated ? [`migrations applied first: ${summary.migrated}`] : []),
        `tables: ${summary.tables}`,
        `rows: ${summary.rows}`,
        `duration: ${seconds(summary.milliseconds)}`,
      ];
      return { text: lines.join('\n'), json: summary };
    });
  },
};
