import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDatabase } from '../../src/db/database.js';
import { openMemoryEngine, SOCKET_PORT } from '../../src/db/embedded-engine.js';
import { migrate, migrationFiles } from '../../src/db/migrate.js';

/** Migrations and engine version decide the template: any change builds a new one. */
export function templateKey(): string {
  const hash = createHash('sha256');
  for (const name of migrationFiles()) {
    hash.update(name);
    hash.update(readFileSync(new URL(`../../src/db/migrations/${name}`, import.meta.url)));
  }
  hash.update(readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url)));
  return hash.digest('hex').slice(0, 12);
}

export const cacheDir = new URL('../../.cache/', import.meta.url).pathname;
export const pgliteTemplatePath = (key: string) => join(cacheDir, `pglite-template-${key}.tar`);
export const postgresTemplateName = (key: string) => `quietude_template_${key}`;

/** PGlite: a migrated data directory dumped to a tar file, loaded by each test file (~2 s). */
export async function buildPgliteTemplate(key: string): Promise<string> {
  const path = pgliteTemplatePath(key);
  if (existsSync(path)) return path;
  mkdirSync(cacheDir, { recursive: true });
  const socketDir = mkdtempSync(join(tmpdir(), 'quietude-template-'));
  const engine = await openMemoryEngine(socketDir);
  const database = createDatabase('pglite', { host: socketDir, port: SOCKET_PORT, user: 'postgres', database: 'postgres' }, () =>
    engine.close(),
  );
  try {
    await migrate(database.pool);
    await database.pool.end();
    const partial = `${path}.${process.pid}`;
    await engine.dump(partial);
    renameSync(partial, path);
  } finally {
    await engine.close();
    rmSync(socketDir, { recursive: true, force: true });
  }
  return path;
}

/** PostgreSQL: a migrated database used as TEMPLATE by each test file (~50 ms a copy). */
export async function buildPostgresTemplate(url: string, key: string): Promise<string> {
  const name = postgresTemplateName(key);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) return name;
    await admin.query(`CREATE DATABASE ${name}_building`);
    const target = new URL(url);
    target.pathname = `/${name}_building`;
    const database = createDatabase('postgres', { connectionString: target.toString() });
    try {
      await migrate(database.pool);
    } finally {
      await database.close();
    }
    await admin.query(`ALTER DATABASE ${name}_building RENAME TO ${name}`);
    return name;
  } finally {
    await admin.end();
  }
}
