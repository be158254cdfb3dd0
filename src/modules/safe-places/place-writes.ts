import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { invalidInput } from '../../platform/errors.js';
import { checkOpeningHours } from './opening-schedule.js';
import { type PlaceKindId, type PlaceStatus, placeKinds } from './tables.js';

/** What describes a place (the life-cycle fields have their own operations). */
export interface PlaceInput {
  name: string;
  kind: string;
  address: string;
  lat: number;
  lon: number;
  openingHours: string;
  phone?: string | null;
  wheelchair?: 'yes' | 'limited' | 'no' | null;
  languages?: string[];
  osmId?: string | null;
}

/** Checks a place's description, naming the field that is wrong (hours: the opening_hours library's own message). */
export function checkPlaceInput(input: PlaceInput): PlaceInput & { kind: PlaceKindId } {
  const name = input.name?.trim() ?? '';
  if (name.length < 2 || name.length > 120)
    throw invalidInput('name', 'must be 2 to 120 characters', 'doit faire de 2 à 120 caractères');
  if (!(placeKinds as readonly string[]).includes(input.kind))
    throw invalidInput('kind', `must be one of ${placeKinds.join(', ')}`, 'type de lieu inconnu');
  if (!input.address?.trim()) throw invalidInput('address', 'is required', 'adresse manquante');
  if (!Number.isFinite(input.lat) || Math.abs(input.lat) > 90)
    throw invalidInput('lat', 'must be a latitude', 'latitude invalide');
  if (!Number.isFinite(input.lon) || Math.abs(input.lon) > 180)
    throw invalidInput('lon', 'must be a longitude', 'longitude invalide');
  const hours = checkOpeningHours(input.openingHours ?? '', 'en');
  if (!hours.ok) {
    const fr = checkOpeningHours(input.openingHours ?? '', 'fr');
    throw invalidInput('openingHours', hours.message, fr.ok ? undefined : fr.message);
  }
  if (input.phone && !/^\+?[0-9 .]{6,20}$/.test(input.phone))
    throw invalidInput('phone', 'is not a phone number', 'n’est pas un numéro de téléphone');
  return { ...input, name, address: input.address.trim(), kind: input.kind as PlaceKindId };
}

/** A date without time, 'YYYY-MM-DD', that exists. */
export const isDate = (value: string) =>
  /^\d{4}-\d\d-\d\d$/.test(value) && !Number.isNaN(new Date(`${value}T00:00:00Z`).getTime());

/** The columns a place's description fills, for insert and update alike. */
export function descriptionColumns(place: ReturnType<typeof checkPlaceInput>) {
  return {
    name: place.name,
    kind: place.kind,
    address: place.address,
    geom: sql`ST_SetSRID(ST_MakePoint(${place.lon}, ${place.lat}), 4326)`,
    opening_hours: place.openingHours,
    phone: place.phone ?? null,
    wheelchair: place.wheelchair ?? null,
    languages: place.languages ?? [],
  };
}

/** Inserts a checked place of the transaction's tenant (inside an operation) and returns its id. */
export async function insertPlace(tx: Tx, tenantId: string, input: PlaceInput, status: PlaceStatus, now: Date): Promise<string> {
  const place = checkPlaceInput(input);
  const row = await tx
    .insertInto('safe_places')
    .values({
      tenant_id: tenantId,
      ...descriptionColumns(place),
      status,
      charter_signed_on: null,
      hours_confirmed_on: null,
      closed_from: null,
      closed_until: null,
      osm_id: place.osmId ?? null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
