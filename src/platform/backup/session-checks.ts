import type pg from 'pg';
import { migrationFiles } from '../../db/migrate.js';
import { AppError } from '../errors.js';

/**
 * Every table is under forced row-level security, the owner included: a role that does not bypass it
 * would see (or write) only what policies allow, and a backup missing rows looks like a good one. So
 * backup and restore need a superuser (the embedded engine's) or a role with BYPASSRLS, and they also
 * set `row_security = off`, which makes PostgreSQL fail rather than hide a row.
 */
export async function requireRowSecurityBypass(client: pg.PoolClient, doing: 'back up' | 'restore'): Promise<void> {
  const result = await client.query<{ role: string; bypass: boolean }>(
    'SELECT current_user AS role, rolsuper OR rolbypassrls AS bypass FROM pg_roles WHERE rolname = current_user',
  );
  const row = result.rows[0];
  if (row?.bypass) return;
  throw new AppError(
    'invalid_input',
    `The database role ${row?.role ?? '?'} does not bypass row-level security, so it cannot ${doing} every tenant's rows: use the backup role (docs/deploy.md, « Backups and the restore drill »).`,
    [{ field: 'DATABASE_URL', message: 'the role must bypass row-level security (superuser or BYPASSRLS)' }],
  );
}

/** Migrations recorded in the database, or undefined for a database never migrated. */
export async function appliedMigrations(client: pg.PoolClient): Promise<string[] | undefined> {
  const present = await client.query<{ present: boolean }>(
    "SELECT to_regclass('public.schema_migrations') IS NOT NULL AS present",
  );
  if (!present.rows[0]?.present) return undefined;
  const rows = await client.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
  return rows.rows.map((r) => r.name);
}

/** What differs between two lists of migrations, said both ways; undefined when they are the same. */
export function migrationDifference(file: string[], target: string[], targetName: string): string | undefined {
  const inTarget = new Set(target);
  const inFile = new Set(file);
  const missing = file.filter((m) => !inTarget.has(m));
  const extra = target.filter((m) => !inFile.has(m));
  if (missing.length === 0 && extra.length === 0) return undefined;
  const parts: string[] = [];
  if (missing.length) parts.push(`the file has ${missing.length} migration(s) ${targetName} lacks (${missing.join(', ')})`);
  if (extra.length) parts.push(`${targetName} has ${extra.length} migration(s) the file lacks (${extra.join(', ')})`);
  return parts.join('; ');
}

/** The migrations this version of Quiétude ships (what `quietude migrate` would apply to a new database). */
export const shippedMigrations = (): string[] => migrationFiles();
