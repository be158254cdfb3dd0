import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDatabase } from '../../src/db/database.js';
import { openMemoryEngine, SOCKET_PORT } from '../../src/db/embedded-engine.js';
import { migrate, migrationFiles } from '../../src/db/migrate.js';
import { seedDemo } from '../../src/platform/demo/seed-demo.js';

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

/**
 * The demo template also depends on the code that seeds it: any source file under src/ (tests aside) changes
 * its key. A changed file costs one more seeding (seconds) in the next run; a stale demo can never be used.
 */
export function demoTemplateKey(): string {
  const hash = createHash('sha256').update(templateKey());
  const root = new URL('../../src/', import.meta.url).pathname;
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(ts|tsx|json|csv|geojson|mjs)$/.test(name) && !/\.test\.tsx?$/.test(name))
    .sort();
  for (const name of files) {
    hash.update(name);
    hash.update(readFileSync(join(root, name)));
  }
  return hash.digest('hex').slice(0, 12);
}

export const cacheDir = new URL('../../.cache/', import.meta.url).pathname;
export const pgliteTemplatePath = (key: string) => join(cacheDir, `pglite-template-${key}.tar`);
export const postgresTemplateName = (key: string) => `quietude_template_${key}`;
export const pgliteDemoPath = (key: string) => join(cacheDir, `pglite-demo-${key}.tar`);
export const postgresDemoName = (key: string) => `quietude_demo_${key}`;

type Database = ReturnType<typeof createDatabase>;

/** A PGlite data directory (empty, or loaded from a tar), filled by `fill`, dumped to `path` once. */
async function buildPgliteTar(path: string, loadFrom: string | undefined, fill: (database: Database) => Promise<void>) {
  if (existsSync(path)) return path;
  mkdirSync(cacheDir, { recursive: true });
  const socketDir = mkdtempSync(join(tmpdir(), 'quietude-template-'));
  const engine = await openMemoryEngine(socketDir, loadFrom);
  const database = createDatabase('pglite', { host: socketDir, port: SOCKET_PORT, user: 'postgres', database: 'postgres' }, () =>
    engine.close(),
  );
  try {
    await fill(database);
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

/** A PostgreSQL database (a copy of `template`, if given) filled by `fill`, under `name` once filled. */
async function buildPostgresDatabase(
  url: string,
  name: string,
  template: string | undefined,
  fill: (database: Database) => Promise<void>,
) {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) return name;
    await admin.query(`CREATE DATABASE ${name}_building${template ? ` TEMPLATE ${template}` : ''}`);
    const target = new URL(url);
    target.pathname = `/${name}_building`;
    const database = createDatabase('postgres', { connectionString: target.toString() });
    try {
      await fill(database);
    } finally {
      await database.close();
    }
    await admin.query(`ALTER DATABASE ${name}_building RENAME TO ${name}`);
    return name;
  } finally {
    await admin.end();
  }
}

/** PGlite: a migrated data directory dumped to a tar file, loaded by each test file (~2 s). */
export const buildPgliteTemplate = (key: string) =>
  buildPgliteTar(pgliteTemplatePath(key), undefined, (database) => migrate(database.pool).then(() => undefined));

/** PostgreSQL: a migrated database used as TEMPLATE by each test file (~50 ms a copy). */
export const buildPostgresTemplate = (url: string, key: string) =>
  buildPostgresDatabase(url, postgresTemplateName(key), undefined, (database) => migrate(database.pool).then(() => undefined));

/** PGlite: the migrated template with the demo seeded (as `seedDemo(db, 'development')` would), dumped to a tar. */
export const buildPgliteDemo = (templatePath: string, key: string) =>
  buildPgliteTar(pgliteDemoPath(key), templatePath, (database) => seedDemo(database.db, 'development').then(() => undefined));

/** PostgreSQL: a copy of the migrated template with the demo seeded, itself a TEMPLATE for test files. */
export const buildPostgresDemo = (url: string, templateName: string, key: string) =>
  buildPostgresDatabase(url, postgresDemoName(key), templateName, (database) =>
    seedDemo(database.db, 'development').then(() => undefined),
  );
