import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { actAsTenant, withTenant } from '../src/db/tenant-transaction.js';
import { demoOutline } from '../src/platform/demo/demo-outlines.js';
import { saveTerritories } from '../src/platform/territories/save-territories.js';
import { upsertTerritory } from '../src/platform/territories/territory-queries.js';
import { createTenant, systemContext } from './helpers/factories.js';
import { openTestDatabase } from './helpers/test-database.js';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

describe(`row-level security (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('shows a tenant’s rows only inside a transaction of that tenant', async () => {
    const { db } = database;
    const first = await createTenant(db);
    const second = await createTenant(db);
    await saveTerritories(systemContext(db, first), [
      { kind: 'quartier', code: 'Q1', name: 'Centre', geometry: demoOutline(6, 47, 1) },
    ]);
    const count = (tenantId: string | null) =>
      withTenant(db, tenantId, (tx) => tx.selectFrom('territories').select('code').execute()).then((rows) => rows.length);
    expect(await count(first.id)).toBe(1);
    expect(await count(second.id)).toBe(0);
    expect(await count(null)).toBe(0);
  });

  it('refuses to write a row for another tenant', async () => {
    const { db } = database;
    const first = await createTenant(db);
    const second = await createTenant(db);
    // Inside an operation of the second tenant, a row of the first is refused by the database itself.
    await expect(
      db.transaction().execute(async (tx) => {
        await actAsTenant(tx, second.id, { operation: 'test.cross-tenant-write' });
        await upsertTerritory(tx, first.id, { kind: 'quartier', code: 'X', name: 'Intrus', geometry: demoOutline(6, 47, 1) });
      }),
    ).rejects.toThrow(/row-level security/);
    const rows = await withTenant(db, first.id, (tx) => tx.selectFrom('territories').selectAll().execute());
    expect(rows).toHaveLength(0);
  });

  it('refuses a write to a tenant table outside an operation', async () => {
    const { db } = database;
    const tenant = await createTenant(db);
    await expect(
      withTenant(db, tenant.id, (tx) =>
        upsertTerritory(tx, tenant.id, { kind: 'quartier', code: 'Q9', name: 'Hors opération', geometry: demoOutline(6, 47, 1) }),
      ),
    ).rejects.toThrow(/write to territories outside an operation/);
  });

  it('guards every table with a tenant_id against writes outside operations', async () => {
    const unguarded = await sql<{ table_name: string }>`
      SELECT DISTINCT c.table_name FROM information_schema.columns c
      JOIN pg_class p ON p.relname = c.table_name AND p.relkind = 'r'
      WHERE c.table_schema = 'public' AND c.column_name = 'tenant_id'
      AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = p.oid AND t.tgname = 'operation_guard')`.execute(database.db);
    expect(unguarded.rows).toEqual([]);
  });

  it('works under a role without BYPASSRLS, on tables that force row-level security', async () => {
    const role = await withTenant(database.db, null, (tx) =>
      sql<{ current_user: string; rolbypassrls: boolean; rolsuper: boolean }>`
        SELECT current_user, rolbypassrls, rolsuper FROM pg_roles WHERE rolname = current_user`.execute(tx),
    );
    expect(role.rows[0]).toEqual({ current_user: 'quietude_app', rolbypassrls: false, rolsuper: false });
    const forced = await sql<{ relname: string }>`
      SELECT relname FROM pg_class WHERE relname IN ('territories', 'addresses', 'tenant_organisations')
      AND relrowsecurity AND relforcerowsecurity ORDER BY relname`.execute(database.db);
    expect(forced.rows.map((r) => r.relname)).toEqual(['addresses', 'tenant_organisations', 'territories']);
  });

  it('puts every table with a tenant_id under forced row-level security', async () => {
    const unprotected = await sql<{ table_name: string }>`
      SELECT c.table_name FROM information_schema.columns c
      JOIN pg_class p ON p.relname = c.table_name AND p.relkind = 'r'
      WHERE c.table_schema = 'public' AND c.column_name = 'tenant_id'
      AND NOT (p.relrowsecurity AND p.relforcerowsecurity)`.execute(database.db);
    expect(unprotected.rows).toEqual([]);
  });
});
