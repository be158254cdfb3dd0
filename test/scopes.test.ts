import { describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { withTenant } from '../src/db/tenant-transaction.js';
import { demoOutline } from '../src/platform/demo/demo-outlines.js';
import { saveTerritories } from '../src/platform/territories/save-territories.js';
import { createTenant, systemContext } from './helpers/factories.js';
import { Browser, createStaff } from './helpers/staff.js';
import { type TestApp, withTestApp } from './helpers/test-app.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened));

describe('territory scopes', () => {
  it('let a user scoped to territory A reach A, and find B “not found” through page, API and export', async () => {
    const tenant = await createTenant(database.db);
    await saveTerritories(systemContext(database.db, tenant), [
      { kind: 'estate', code: 'A', name: 'Résidence des Tilleuls', geometry: demoOutline(6.02, 47.24, 0.3) },
      { kind: 'estate', code: 'B', name: 'Résidence des Érables', geometry: demoOutline(6.05, 47.25, 0.3) },
    ]);
    const ids = Object.fromEntries(
      (await withTenant(database.db, tenant.id, (tx) => tx.selectFrom('territories').select(['id', 'code']).execute())).map(
        (r) => [r.code, r.id],
      ),
    );
    const mediator = await createStaff(database.db, tenant, 'mediator', { territoryId: ids.A });
    const browser = new Browser(t.app);
    await browser.signIn(mediator.email);
    const doors = (id: string) => [
      `/t/${tenant.slug}/espace/territoires/${id}`,
      `/t/${tenant.slug}/espace/territoires/${id}/export`,
      `/api/v1/t/${tenant.slug}/staff/territories/${id}`,
    ];
    for (const url of doors(ids.A as string)) expect((await browser.get(url)).statusCode, url).toBe(200);
    for (const url of doors(ids.B as string)) {
      const response = await browser.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain('Érables');
    }
    const exported = await browser.get(doors(ids.A as string)[1] as string);
    expect(exported.headers['content-disposition']).toContain('territoire-A.geojson');
    expect(JSON.parse(exported.body).properties).toMatchObject({ code: 'A', name: 'Résidence des Tilleuls' });

    // An unscoped colleague reaches both.
    const coordinator = await createStaff(database.db, tenant, 'coordinator');
    const colleague = new Browser(t.app);
    await colleague.signIn(coordinator.email);
    for (const url of doors(ids.B as string)) expect((await colleague.get(url)).statusCode, url).toBe(200);
  });
});
