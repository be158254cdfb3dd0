import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDatabase, type Database } from '../../src/db/database.js';
import { openMemoryEngine, SOCKET_PORT } from '../../src/db/embedded-engine.js';
import {
  demoTemplateKey,
  pgliteDemoPath,
  pgliteTemplatePath,
  postgresDemoName,
  postgresTemplateName,
  templateKey,
} from './template.js';

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/**
 * A database of its own for one test file, copied from the migrated template:
 * an in-memory PGlite loaded from the template tar, or a PostgreSQL database
 * created WITH TEMPLATE. Tests then use a fresh tenant each.
 */
export function openTestDatabase(): Promise<Database> {
  return openDatabaseFrom('template');
}

/**
 * A database of its own with the demo already seeded (`seedDemo(db, 'development')` on the template, done once
 * per run by the global setup): for tests that start from the demo tenants. Seeding again changes nothing.
 */
export function openDemoDatabase(): Promise<Database> {
  return openDatabaseFrom('demo');
}

/** A database with nothing in it, not even PostGIS: for tests of migrations and first starts. */
export function openEmptyDatabase(): Promise<Database> {
  return openDatabaseFrom('empty');
}

async function openDatabaseFrom(start: 'template' | 'demo' | 'empty'): Promise<Database> {
  const key = start === 'demo' ? demoTemplateKey() : templateKey();
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `quietude_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const template = { template: postgresTemplateName(key), demo: postgresDemoName(key), empty: 'template0' }[start];
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
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
  const from = { template: pgliteTemplatePath(key), demo: pgliteDemoPath(key), empty: undefined }[start];
  const engine = await openMemoryEngine(socketDir, from);
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
