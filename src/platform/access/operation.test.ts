import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, systemContext } from '../../../test/helpers/factories.js';
import { openTestDatabase } from '../../../test/helpers/test-database.js';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { verifyAudit } from '../audit/verify-audit.js';
import { demoOutline } from '../demo/demo-outlines.js';
import { saveTerritories } from '../territories/save-territories.js';
import { type Actor, grantsFromMemberships, publicActor } from './actor.js';
import { defineOperation } from './operation.js';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const square = (code: string) => ({ kind: 'quartier' as const, code, name: `Quartier ${code}`, geometry: demoOutline(6, 47, 1) });
const territoryCount = (tenantId: string) =>
  withTenant(database.db, tenantId, (tx) => tx.selectFrom('territories').select('id').execute()).then((r) => r.length);
const events = (tenantId: string) =>
  withTenant(database.db, tenantId, (tx) => tx.selectFrom('audit_events').selectAll().orderBy('seq').execute());

describe('operations', () => {
  it('write and append their audit events, naming fields and never values', async () => {
    const tenant = await createTenant(database.db);
    await saveTerritories(systemContext(database.db, tenant), [square('A'), square('B')]);
    const log = await events(tenant.id);
    expect(log.map((e) => [Number(e.seq), e.action, e.entity_type, e.entity_id, e.fields, e.actor])).toEqual([
      [1, 'platform.save-territories', 'territory', 'quartier:A', ['name', 'geom'], 'system:test'],
      [2, 'platform.save-territories', 'territory', 'quartier:B', ['name', 'geom'], 'system:test'],
    ]);
    expect(JSON.stringify(log)).not.toContain('Quartier A');
  });

  it('check the permission before anything is written', async () => {
    const tenant = await createTenant(database.db);
    const mediator: Actor = {
      kind: 'user',
      label: 'user:x',
      userId: undefined,
      grants: grantsFromMemberships([{ permissions: ['platform.staff-home'], territoryId: null, organisationId: null }]),
    };
    const ctx = { ...systemContext(database.db, tenant), actor: mediator };
    await expect(saveTerritories(ctx, [square('C')])).rejects.toMatchObject({ code: 'forbidden' });
    await expect(saveTerritories({ ...ctx, actor: publicActor }, [square('C')])).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    expect(await territoryCount(tenant.id)).toBe(0);
    expect(await events(tenant.id)).toEqual([]);
  });

  it('roll back the change when the audit cannot be written, and refuse an operation that audits nothing', async () => {
    const tenant = await createTenant(database.db);
    const silent = defineOperation({
      name: 'test.silent-write',
      permission: 'platform.territories-manage',
      async run({ tx, tenant: t }, _input: undefined) {
        await tx
          .insertInto('territories')
          .values({
            tenant_id: t.id,
            kind: 'quartier',
            code: 'S',
            name: 'S',
            geom: sql`ST_Multi(ST_GeomFromText('POLYGON((6 47,6.1 47,6.1 47.1,6 47))', 4326))`,
          })
          .execute();
      },
    });
    await expect(silent(systemContext(database.db, tenant), undefined)).rejects.toThrow(/recorded no audit event/);
    expect(await territoryCount(tenant.id)).toBe(0);
  });

  it('keep one unbroken chain per tenant under concurrent writes', async () => {
    const tenant = await createTenant(database.db);
    const ctx = systemContext(database.db, tenant);
    await Promise.all(Array.from({ length: 8 }, (_, i) => saveTerritories(ctx, [square(`P${i}`)])));
    expect(await verifyAudit(database.db, tenant.id)).toEqual({ ok: true, events: 8 });
  });
});

describe('audit chain verification', () => {
  it('names the first event changed or removed behind the application’s back', async () => {
    const tenant = await createTenant(database.db);
    await saveTerritories(systemContext(database.db, tenant), [square('1'), square('2'), square('3'), square('4')]);
    expect(await verifyAudit(database.db, tenant.id)).toEqual({ ok: true, events: 4 });
    // The database owner (the application role may not) rewrites history, bypassing the guard too.
    const asOwner = (statement: ReturnType<typeof sql>) =>
      database.db.transaction().execute(async (tx) => {
        await sql`SELECT set_config('quietude.operation', 'tampering', true)`.execute(tx);
        await statement.execute(tx);
      });
    await asOwner(sql`UPDATE audit_events SET fields = '{name}' WHERE tenant_id = ${tenant.id} AND seq = 3`);
    expect(await verifyAudit(database.db, tenant.id)).toMatchObject({ ok: false, brokenAt: 3, reason: 'event 3 was changed' });
    await asOwner(sql`DELETE FROM audit_events WHERE tenant_id = ${tenant.id} AND seq = 2`);
    expect(await verifyAudit(database.db, tenant.id)).toMatchObject({ ok: false, brokenAt: 2, reason: 'event 2 is missing' });
  });

  it('cannot be rewritten by the application role', async () => {
    const tenant = await createTenant(database.db);
    await saveTerritories(systemContext(database.db, tenant), [square('Z')]);
    await expect(
      database.db.transaction().execute(async (tx) => {
        await sql`SELECT set_config('role', 'quietude_app', true), set_config('quietude.tenant_id', ${tenant.id}, true), set_config('quietude.operation', 'test.tamper', true)`.execute(
          tx,
        );
        await sql`UPDATE audit_events SET actor = 'someone else' WHERE tenant_id = ${tenant.id}`.execute(tx);
      }),
    ).rejects.toThrow(/permission denied/);
  });
});
