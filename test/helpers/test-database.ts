import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDatabase, type Database } from '../../src/db/database.js';
import { openMemoryEngine, SOCKET_PORT } from '../../src/db/embedded-engine.js';
import { pgliteTemplatePath, postgresTemplateName, templateKey } from './template.js';

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/**
 * A database of its own for one test file, copied from the migrated template:
 * an in-memory PGlite loaded from the template tar, or a PostgreSQL database
 * created WITH TEMPLATE. Tests then use a fresh tenant each.
 */
export function openTestDatabase(): Promise<Database> {
  return openDatabaseFrom('template');
}

/** A database with nothing in it, not even PostGIS: for tests of migrations and first starts. */
export function openEmptyDatabase(): Promise<Database> {
  return openDatabaseFrom('empty');
}

async function openDatabaseFrom(start: 'template' | 'empty'): Promise<Database> {
  const key = templateKey();
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `quietude_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${start === 'template' ? postgresTemplateName(key) : 'template0'}`);
    await admin.end();
    const target = new URL(url);
    target.pathname = `/${name}`;
    return createDatabase('postgres', { connectionString: target.toString() }, async () => {
      const drop = new pg.Client({ connectionString: url });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
    });
  }
  const socketDir = mkdtempSync(join(tmpdir(), 'quietude-test-'));
  const engine = await openMemoryEngine(socketDir, start === 'template' ? pgliteTemplatePath(key) : undefined);
  return createDatabase(
    'pglite',
    { host: socketDir, port: SOCKET_PORT, user: 'postgres', database: 'postgres' },
    async () => {
      await engine.close();
      rmSync(socketDir, { recursive: true, force: true });
    },
    () => engine.busy(),
  );
}

/** A connection string for child processes (the CLI) to reach the same test database. */
export function connectionUrl(database: Database): string {
  const options = database.pool.options;
  if (options.connectionString) return options.connectionString;
  return `postgres://postgres@${encodeURIComponent(String(options.host))}:${options.port}/postgres`;
}

/** A second, independent connection pool to the same database: another instance of the app. */
export function secondInstance(database: Database): Database {
  return createDatabase(database.engine, database.pool.options);
}
