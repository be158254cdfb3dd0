import type { Tx } from '../../db/database.js';
import { defineOperation } from '../../platform/access/operation.js';
import { AppError, type FieldProblem } from '../../platform/errors.js';

export interface NamedPlace {
  id: string;
  name: string;
  lat: number;
  lon: number;
}

export const listPlaces = (tx: Tx): Promise<NamedPlace[]> =>
  tx.selectFrom('night_stop_places').select(['id', 'name', 'lat', 'lon']).orderBy('name').execute();

/** « 47.2441, 6.0282 »: a latitude then a longitude, as a map application copies them. */
export function readLatLon(text: string): { lat: number; lon: number } | undefined {
  const match = /^\s*(-?\d{1,2}(?:[.,]\d+)?)\s*[,;\s]\s*(-?\d{1,3}(?:[.,]\d+)?)\s*$/.exec(text);
  if (!match) return undefined;
  const [lat, lon] = [Number(match[1]!.replace(',', '.')), Number(match[2]!.replace(',', '.'))];
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : undefined;
}

/** Adds a named place riders may choose; the page has turned an address into its point before. */
export const addPlace = defineOperation({
  name: 'night-stops.add-place',
  permission: 'night-stops.manage',
  async run({ tx, tenant, clock, audit }, input: { name: string; point?: { lat: number; lon: number } }) {
    const problems: FieldProblem[] = [];
    const name = input.name.trim();
    if (name.length < 2 || name.length > 120)
      problems.push({ field: 'name', message: 'must be 2 to 120 characters', fr: 'de 2 à 120 caractères' });
    else if (await tx.selectFrom('night_stop_places').select('id').where('name', '=', name).executeTakeFirst())
      problems.push({ field: 'name', message: 'a place already has this name', fr: 'un lieu porte déjà ce nom' });
    if (!input.point)
      problems.push({
        field: 'location',
        message: 'give an address found in the index, or « latitude, longitude »',
        fr: 'une adresse connue, ou « latitude, longitude »',
      });
    if (problems.length)
      throw new AppError('invalid_input', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
    const row = await tx
      .insertInto('night_stop_places')
      .values({ tenant_id: tenant.id, name, lat: input.point!.lat, lon: input.point!.lon, created_at: clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({ entityType: 'night-stop-place', entityId: row.id, fields: ['name', 'lat', 'lon'] });
    return row;
  },
});

export const removePlace = defineOperation({
  name: 'night-stops.remove-place',
  permission: 'night-stops.manage',
  async run({ tx, audit }, input: { id: string }) {
    const removed = /^[0-9a-f-]{36}$/i.test(input.id)
      ? await tx.deleteFrom('night_stop_places').where('id', '=', input.id).returning('id').executeTakeFirst()
      : undefined;
    if (!removed) throw new AppError('not_found', 'Place not found');
    audit({ entityType: 'night-stop-place', entityId: input.id, fields: [] });
  },
});
