import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { normaliseForSearch } from '../../platform/geocoding/geocoder.js';
import { besanconDemoPlaces } from './demo-places.js';

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000);

/**
 * The demo network of Besançon: active partner places drawn by the project (fictional names). Their
 * history spreads the joinings over the last 14 months, so that the network's growth shows.
 */
export async function seedDemoPlaces(tx: Tx, tenantId: string, slug: string, now: Date): Promise<number> {
  if (slug !== 'besancon') return 0;
  const operator = await tx
    .selectFrom('tenant_organisations as l')
    .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
    .select('o.id')
    .where('l.tenant_id', '=', tenantId)
    .where('o.kind', '=', 'transit_operator')
    .executeTakeFirst();
  let venueOrganisation: string | undefined;
  for (const [i, place] of besanconDemoPlaces.entries()) {
    const activated = daysBefore(now, Math.round(420 - (i * 420) / besanconDemoPlaces.length));
    const { id } = await tx
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
        charter_signed_on: activated.toISOString().slice(0, 10),
        sticker_displayed: true,
        staff_briefed: true,
        hours_confirmed_on: place.hoursConfirmedOn,
        closed_from: place.temporarilyClosed?.from ?? null,
        closed_until: place.temporarilyClosed?.until ?? null,
        osm_id: null,
        organisation_id: place.kind.startsWith('transit_') ? (operator?.id ?? null) : null,
        is_demo: true,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('safe_place_status_changes')
      .values([
        {
          tenant_id: tenantId,
          place_id: id,
          from_status: null,
          to_status: 'candidate',
          reason: 'Démo',
          at: daysBefore(activated, 45),
          actor: 'demo',
        },
        {
          tenant_id: tenantId,
          place_id: id,
          from_status: 'candidate',
          to_status: 'trained',
          reason: 'Démo',
          at: daysBefore(activated, 15),
          actor: 'demo',
        },
        {
          tenant_id: tenantId,
          place_id: id,
          from_status: 'trained',
          to_status: 'active',
          reason: 'Charte signée (démo)',
          at: activated,
          actor: 'demo',
        },
      ])
      .execute();
    await tx
      .insertInto('safe_place_trainings')
      .values({
        tenant_id: tenantId,
        place_id: id,
        attended_on: daysBefore(activated, 15).toISOString().slice(0, 10),
        trainer_organisation: 'Association d’aide aux victimes du Doubs (démo)',
        recorded_at: daysBefore(activated, 15),
      })
      .execute();
    // The demo venue account keeps the first bar up to date, as a referent invited by the coordinator would.
    if (!venueOrganisation && place.kind === 'bar') {
      venueOrganisation = await linkVenueOrganisation(tx, tenantId, id, place.name);
    }
  }
  await seedDemoAddresses(tx, tenantId);
  await scopeDemoAccount(tx, tenantId, 'partner_venue', venueOrganisation);
  await scopeDemoAccount(tx, tenantId, 'transit_operator', operator?.id);
  return besanconDemoPlaces.length;
}

/** The venue's own organisation, as the coordinator's invitation of a referent creates it. */
async function linkVenueOrganisation(tx: Tx, tenantId: string, placeId: string, name: string): Promise<string> {
  const { id } = await tx
    .insertInto('organisations')
    .values({ name, kind: 'venue', siren: null, insee_code: null, is_demo: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx.insertInto('tenant_organisations').values({ tenant_id: tenantId, organisation_id: id, role: 'partner' }).execute();
  await tx.updateTable('safe_places').set({ organisation_id: id }).where('id', '=', placeId).execute();
  return id;
}

/** Scopes the tenant's demo account of a role to an organisation (unscoped, it would see no place). */
async function scopeDemoAccount(tx: Tx, tenantId: string, role: 'partner_venue' | 'transit_operator', organisationId?: string) {
  if (!organisationId) return;
  await tx
    .updateTable('memberships')
    .set({ organisation_id: organisationId })
    .where('tenant_id', '=', tenantId)
    .where('role', '=', role)
    .where('user_id', 'in', (eb) => eb.selectFrom('users').select('id').where('email', 'like', '%@demo.invalid'))
    .execute();
}

/**
 * The demo's address index: the places' own addresses, so that a typed address finds a point on the demo
 * without an imported BAN file (the finder and the report form work without JavaScript).
 */
async function seedDemoAddresses(tx: Tx, tenantId: string) {
  const seen = new Set<string>();
  for (const [i, place] of besanconDemoPlaces.entries()) {
    const label = place.address.replace(/,\s*25000 Besançon$/, '');
    if (seen.has(label)) continue;
    seen.add(label);
    await tx
      .insertInto('addresses')
      .values({
        tenant_id: tenantId,
        id: `demo-${i}`,
        label,
        postcode: '25000',
        city: 'Besançon',
        insee_code: '25056',
        search: normaliseForSearch(`${label} 25000 Besançon`),
        geom: sql`ST_SetSRID(ST_MakePoint(${place.lon}, ${place.lat}), 4326)`,
      })
      .execute();
  }
}
