import { readdirSync, readFileSync } from 'node:fs';
import type pg from 'pg';
import { AppError } from '../platform/errors.js';

const migrationsDir = new URL('./migrations/', import.meta.url);

/** An arbitrary constant: the transaction-scoped advisory lock all migrators share. */
const MIGRATION_LOCK = 7_301_947_523;

export function migrationFiles(): string[] {
  return readdirSync(migrationsDir)
    .filter((name) => /^\d{8}T\d{4}_[a-z0-9_-]+\.sql$/.test(name))
    .sort();
}

/** Installs PostGIS, saying exactly what is missing when it cannot. */
async function ensurePostgis(client: pg.PoolClient): Promise<void> {
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS postgis');
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    if (code === '42501') {
      throw new AppError(
        'engine_failed',
        'PostGIS is not installed in this database and the role may not create it: as a superuser, run `CREATE EXTENSION postgis;` in this database, then start again.',
      );
    }
    if (code === '58P01' || code === '0A000' || /control file|not available/.test(message)) {
      throw new AppError(
        'engine_failed',
        'The PostgreSQL server has no PostGIS: install it (Debian: `apt-get install postgresql-15-postgis-3`), then start again.',
      );
    }
    throw error;
  }
}

/** The migration files not yet recorded as applied (all of them on an empty database). */
async function pendingMigrations(client: pg.PoolClient): Promise<string[]> {
  const table = await client.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  if (!table.rows[0]?.present) return migrationFiles();
  const done = await client.query<{ name: string }>('SELECT name FROM schema_migrations');
  const applied = new Set(done.rows.map((r) => r.name));
  return migrationFiles().filter((name) => !applied.has(name));
}

/** Whether the role may create objects in the schema (the owner may; the application role may not). */
async function mayChangeSchema(client: pg.PoolClient): Promise<boolean> {
  const result = await client.query<{ allowed: boolean }>("SELECT has_schema_privilege('public', 'CREATE') AS allowed");
  return result.rows[0]?.allowed === true;
}

/**
 * Applies pending migrations, each in its own transaction under a
 * transaction-scoped advisory lock, so that several instances starting at once
 * apply each file exactly once (PGlite shares one session between connections,
 * so session locks are not used).
 */
export async function migrate(pool: pg.Pool): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    // An application role (docs/deploy.md) may read but not change the schema: when nothing is
    // pending it has nothing to do, and when something is, the owner must apply it.
    const pending = await pendingMigrations(client);
    if (pending.length === 0) return [];
    if (!(await mayChangeSchema(client))) {
      throw new AppError(
        'engine_failed',
        `${pending.length} migrations are pending and this database role may not apply them: run \`quietude migrate\` with the owner's DATABASE_URL (docs/deploy.md), then start again.`,
      );
    }
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await ensurePostgis(client);
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
    for (const name of migrationFiles()) {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        const done = await client.query('SELECT 1 FROM schema_migrations WHERE name = $1', [name]);
        if (done.rowCount === 0) {
          await client.query(readFileSync(new URL(name, migrationsDir), 'utf8'));
          await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
          applied.push(name);
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new AppError('engine_failed', `Migration ${name} failed: ${(error as Error).message}`);
      }
    }
    // The application role reads which migrations are applied, to start without changing anything.
    if (applied.length > 0) await client.query('GRANT SELECT ON schema_migrations TO quietude_app');
    return applied;
  } finally {
    client.release();
  }
}
