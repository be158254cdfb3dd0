import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { type Geocoder, normaliseForSearch, type Place } from './geocoder.js';

/** Searches the tenant's address index (filled by `quietude import-addresses`). */
export function localGeocoder(database: Database): Geocoder {
  return {
    async search(tenant, query, limit) {
      const words = normaliseForSearch(query).split(' ').filter(Boolean).slice(0, 8);
      if (words.length === 0) return [];
      const patterns = words.map((w) => `%${w}%`);
      return withTenant(database.db, tenant.id, async (tx) => {
        const rows = await tx
          .selectFrom('addresses')
          .select([
            'label',
            'postcode',
            'city',
            'insee_code',
            sql<number>`ST_X(geom)`.as('lon'),
            sql<number>`ST_Y(geom)`.as('lat'),
          ])
          .where(sql<boolean>`search LIKE ALL(${patterns})`)
          // Shorter labels first: "12 rue X" before "12 bis rue X prolongée".
          .orderBy(sql`length(label)`)
          .orderBy('label')
          .limit(limit)
          .execute();
        return rows.map(
          (r): Place => ({ label: r.label, postcode: r.postcode, city: r.city, inseeCode: r.insee_code, lon: r.lon, lat: r.lat }),
        );
      });
    },
  };
}
