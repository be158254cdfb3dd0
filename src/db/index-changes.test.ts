import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, systemContext } from '../../test/helpers/factories.js';
import { openTestDatabase } from '../../test/helpers/test-database.js';
import { createPlace } from '../modules/safe-places/place-operations.js';
import type { Database } from './database.js';
import { IndexChanges, parseIndexPayload } from './index-changes.js';

const place = {
  name: 'Bar du Marché',
  kind: 'bar',
  address: '1 place du Marché',
  lat: 47.24,
  lon: 6.02,
  openingHours: 'Mo-Su 18:00-02:00',
};

describe('index change payloads', () => {
  it('reads a kind and a tenant, or nothing', () => {
    expect(parseIndexPayload('safe-places:0f8fad5b-d9cb-469f-a165-70867728950e')).toEqual({
      kind: 'safe-places',
      tenant: '0f8fad5b-d9cb-469f-a165-70867728950e',
    });
    expect(parseIndexPayload('orders:*')).toEqual({ kind: 'orders', tenant: '*' });
    for (const bad of [undefined, '', 'orders', 'reports:*', 'orders:not-a-uuid', 'safe-places:*:x'])
      expect(parseIndexPayload(bad)).toBeUndefined();
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseIndexPayload(text);
        if (parsed) expect(`${parsed.kind}:${parsed.tenant}`).toBe(text);
      }),
    );
  });
});

// Without the listener, as on the embedded engine: the version check alone sees other writers' changes.
describe('the version check', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('rebuilds the tenant a committed write changed, once, and nothing for a write that rolled back', async () => {
    const [first, second] = [await createTenant(database.db), await createTenant(database.db)];
    const rebuilt: string[] = [];
    const changes = new IndexChanges(database, { warn: () => {} }, { listen: false, recheckMs: 60_000 });
    changes.follow('safe-places', {
      refresh: async (tenantId) => {
        rebuilt.push(tenantId);
      },
      reloadAll: async () => {},
    });
    await changes.start();
    try {
      await changes.poll();
      expect(rebuilt).toEqual([]);

      await createPlace(systemContext(database.db, first), place);
      await createPlace(systemContext(database.db, first), { ...place, name: 'Bar de la Gare' });
      await changes.poll();
      expect(rebuilt).toEqual([first.id]);

      // A write whose transaction fails leaves the version as it was.
      await expect(
        database.db.transaction().execute(async (tx) => {
          await createPlace.within(tx, systemContext(database.db, second), place);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      await changes.poll();
      expect(rebuilt).toEqual([first.id]);

      await createPlace(systemContext(database.db, second), place);
      await changes.poll();
      expect(rebuilt).toEqual([first.id, second.id]);
    } finally {
      await changes.close();
    }
  });
});
