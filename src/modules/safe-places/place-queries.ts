import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/** What the public finder needs of a place. */
export interface PublicPlaceRow {
  id: string;
  tenant_id: string;
  name: string;
  kind: string;
  address: string;
  lon: number;
  lat: number;
  opening_hours: string;
  phone: string | null;
  wheelchair: string | null;
  languages: string[];
  closed_from: string | null;
  closed_until: string | null;
  hours_confirmed_on: string | null;
  updated_at: Date;
}

/**
 * The public network: active places with a signed charter, of every tenant or
 * one (readable without a tenant thanks to the `public_listing` policy).
 */
export function listPublicPlaces(db: Kysely<DB>, tenantId?: string, placeId?: string): Promise<PublicPlaceRow[]> {
  let query = db
    .selectFrom('safe_places')
    .select([
      'id',
      'tenant_id',
      'name',
      'kind',
      'address',
      sql<number>`ST_X(geom)`.as('lon'),
      sql<number>`ST_Y(geom)`.as('lat'),
      'opening_hours',
      'phone',
      'wheelchair',
      'languages',
      'closed_from',
      'closed_until',
      'hours_confirmed_on',
      'updated_at',
    ])
    .where('status', '=', 'active')
    .where('charter_signed_on', 'is not', null);
  if (tenantId) query = query.where('tenant_id', '=', tenantId);
  if (placeId) query = query.where('id', '=', placeId);
  return query.orderBy('name').execute();
}

/** One place of the public network, or undefined when it is not (or no longer) public. */
export async function findPublicPlace(db: Kysely<DB>, tenantId: string, id: string): Promise<PublicPlaceRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await listPublicPlaces(db, tenantId, id);
  return row;
}
