import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDatabase } from '../../../test/helpers/test-database.js';
import type { Database } from '../../db/database.js';
import { requireTenant } from '../tenants/tenant-queries.js';
import { publicPageHref } from './public-page-href.js';

let database: Database;
beforeAll(async () => {
  database = await openDemoDatabase();
});
afterAll(() => database.close());

describe('a programme’s public page for a tenant’s residents', () => {
  it('is the tenant’s own, else the one of the tenant running it there, else none', async () => {
    const href = async (slug: string, moduleId: string) =>
      publicPageHref(database.db, await requireTenant(database.db, slug), moduleId);
    expect(await href('besancon', 'safe-places')).toBe('/t/besancon/angela');
    // Besançon lies within the transport authority's territory: its night stops.
    expect(await href('besancon', 'night-stops')).toBe('/t/grand-besancon-metropole/descente');
    expect(await href('grand-besancon-metropole', 'night-stops')).toBe('/t/grand-besancon-metropole/descente');
    // No night network covers Lyon; the police module has no public page.
    expect(await href('lyon', 'night-stops')).toBeUndefined();
    expect(await href('lyon', 'police')).toBeUndefined();
    expect(await href('lyon', 'no-such-module')).toBeUndefined();
  });
});
