import type pg from 'pg';

/**
 * Every table's row count and an MD5 of its rows in order, computed by the database itself from each
 * row's text form (independent of the backup code). The migrations ledger is compared by name only:
 * its applied_at says when each database was migrated. Read as a superuser, which row-level security
 * does not filter.
 */
export async function tableFingerprints(pool: pg.Pool): Promise<Record<string, string>> {
  const tables = await pool.query<{ name: string }>(
    `SELECT relname AS name FROM pg_class c
      WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
      ORDER BY relname`,
  );
  const prints: Record<string, string> = {};
  for (const { name } of tables.rows) {
    const row = name === 'schema_migrations' ? 'x.name' : 'x::text';
    const result = await pool.query<{ rows: number; digest: string }>(
      `SELECT count(*)::int AS rows, md5(coalesce(string_agg(${row}, E'\\n' ORDER BY ${row}), '')) AS digest FROM "${name}" x`,
    );
    const { rows, digest } = result.rows[0] as { rows: number; digest: string };
    prints[name] = `${rows} ${digest}`;
  }
  return prints;
}

/** The tables holding at least one row (schema_migrations aside). */
export const filledTables = (prints: Record<string, string>) =>
  Object.entries(prints)
    .filter(([name, print]) => name !== 'schema_migrations' && !print.startsWith('0 '))
    .map(([name]) => name);
