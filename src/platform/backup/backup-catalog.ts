import type pg from 'pg';

/** A table whose rows a backup carries, with what restoring it needs to know. */
export interface BackupTable {
  name: string;
  columns: string[];
  /** Columns of types from extensions (PostGIS geometry): dumped as their text form, which is exact. */
  textColumns: string[];
  /** Ordering of the dump (the primary key), so that two dumps of the same data are the same bytes. */
  orderBy: string[];
  /** A foreign key to itself: its rows must be inserted in one statement (the check runs at its end). */
  selfReferencing: boolean;
  /** An identity column GENERATED ALWAYS: the insert must override it to keep the stored values. */
  hasIdentity: boolean;
}

export interface BackupSequence {
  name: string;
}

/**
 * Neither data nor ours: the migrations ledger is compared, not copied, and extension tables (PostGIS's
 * spatial_ref_sys) are filled by the extension itself.
 */
const NOT_COPIED = new Set(['schema_migrations']);

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const qualified = (name: string) => `public.${quote(name)}`;
export const quoteIdent = quote;

/**
 * The application's tables in the public schema, parents before children (foreign keys), ties in name
 * order so that the order is the same on both engines.
 */
export async function listBackupTables(client: pg.PoolClient): Promise<BackupTable[]> {
  const tables = await client.query<{ name: string; self_referencing: boolean }>(
    `SELECT c.relname AS name,
            EXISTS (SELECT 1 FROM pg_constraint k WHERE k.contype = 'f' AND k.conrelid = c.oid AND k.confrelid = c.oid)
              AS self_referencing
       FROM pg_class c
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d
                         WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
      ORDER BY c.relname`,
  );
  const columns = await client.query<{ table: string; name: string; extension_type: boolean; identity: string }>(
    `SELECT c.relname AS table, a.attname AS name, t.typnamespace <> 'pg_catalog'::regnamespace AS extension_type,
            a.attidentity AS identity
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_type t ON t.oid = a.atttypid
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY c.relname, a.attnum`,
  );
  const keys = await client.query<{ table: string; name: string }>(
    `SELECT c.relname AS table, a.attname AS name
       FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid
       JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS key(attnum, position) ON true
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = key.attnum
      WHERE k.contype = 'p' AND c.relnamespace = 'public'::regnamespace
      ORDER BY c.relname, key.position`,
  );
  const edges = await client.query<{ child: string; parent: string }>(
    `SELECT DISTINCT c.relname AS child, p.relname AS parent
       FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid
       JOIN pg_class p ON p.oid = k.confrelid
      WHERE k.contype = 'f' AND c.relnamespace = 'public'::regnamespace AND k.conrelid <> k.confrelid`,
  );
  const byName = new Map<string, BackupTable>();
  for (const table of tables.rows) {
    if (NOT_COPIED.has(table.name)) continue;
    byName.set(table.name, {
      name: table.name,
      columns: [],
      textColumns: [],
      orderBy: [],
      selfReferencing: table.self_referencing,
      hasIdentity: false,
    });
  }
  for (const column of columns.rows) {
    const table = byName.get(column.table);
    if (!table) continue;
    table.columns.push(column.name);
    if (column.extension_type) table.textColumns.push(column.name);
    if (column.identity === 'a') table.hasIdentity = true;
  }
  for (const key of keys.rows) byName.get(key.table)?.orderBy.push(key.name);
  for (const table of byName.values()) if (table.orderBy.length === 0) table.orderBy = [...table.columns];
  return dependencyOrder(
    [...byName.values()],
    edges.rows.filter((e) => byName.has(e.child) && byName.has(e.parent)),
  );
}

/** Kahn's sort: a table comes once every table it references has come; alphabetical among the ready ones. */
export function dependencyOrder(tables: BackupTable[], edges: { child: string; parent: string }[]): BackupTable[] {
  const parents = new Map(tables.map((t) => [t.name, new Set<string>()]));
  for (const edge of edges) parents.get(edge.child)?.add(edge.parent);
  const ordered: BackupTable[] = [];
  const remaining = new Map(tables.map((t) => [t.name, t]));
  while (remaining.size > 0) {
    const ready = [...remaining.values()]
      .filter((t) => [...(parents.get(t.name) ?? [])].every((p) => !remaining.has(p)))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    // A cycle of foreign keys between tables: no order could satisfy it one table at a time.
    if (ready.length === 0) throw new Error(`Foreign keys form a cycle among: ${[...remaining.keys()].join(', ')}`);
    for (const table of ready) {
      ordered.push(table);
      remaining.delete(table.name);
    }
  }
  return ordered;
}

/** Sequences of the public schema (identity and serial columns), whose position a restore sets back. */
export async function listBackupSequences(client: pg.PoolClient): Promise<BackupSequence[]> {
  const result = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'S'
      ORDER BY c.relname`,
  );
  return result.rows;
}
