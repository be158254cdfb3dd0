import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { besanconDemoPlaces } from './demo-places.js';

/** The demo network of Besançon: active partner places drawn by the project (fictional names). */
export async function seedDemoPlaces(tx: Tx, tenantId: string, slug: string, now: Date): Promise<number> {
  if (slug !== 'besancon') return 0;
  for (const place of besanconDemoPlaces) {
    await tx
      .insertInto('safe_places')
      .values({
        tenant_id: tenantId,
        name: place.name,
        kind: place.kind,
        address: place.address,
        geom: sql`ST_SetSRID(ST_MakePoint(${place.lon}, ${place.lat}), 4326)`,
        opening_hours: place.openingHours,
        phone: place.phone,
        wheelchair: place.wheelchair,
        languages: place.languages,
        status: 'active',
        charter_signed_on: '2026-01-15',
        sticker_displayed: true,
        staff_briefed: true,
        hours_confirmed_on: place.hoursConfirmedOn,
        closed_from: place.temporarilyClosed?.from ?? null,
        closed_until: place.temporarilyClosed?.until ?? null,
        osm_id: null,
        is_demo: true,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
  return besanconDemoPlaces.length;
}
