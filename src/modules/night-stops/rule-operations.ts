import { booleanValid } from '@turf/boolean-valid';
import type { Geometry } from 'geojson';
import { sql } from 'kysely';
import { defineOperation } from '../../platform/access/operation.js';
import { AppError, type FieldProblem, invalidInput } from '../../platform/errors.js';
import { findActiveFeed, lineGeometry } from './night-network.js';
import { DAY_S, readClock } from './service-time.js';
import { type ForbiddenZoneReason, forbiddenZoneReasons } from './tables.js';

export interface SectionInput {
  routeId: string;
  directionId: string;
  fromStopId: string;
  toStopId: string;
  /** Monday first. */
  days: boolean[];
  /** "HH:MM"; an end not after the start is the next morning (22:00 → 02:00). */
  start: string;
  end: string;
}

/**
 * Adds a section where riders may ask to get off between stops: a line and direction of the active feed,
 * from one of its stops to a later one, on some days, between two times (an end not after the start is the
 * next morning). Every wrong field is named.
 */
export const addSection = defineOperation({
  name: 'night-stops.add-section',
  permission: 'night-stops.manage',
  async run({ tx, tenant, clock, audit }, input: SectionInput) {
    const problems: FieldProblem[] = [];
    const directionId = input.directionId === '1' ? 1 : input.directionId === '0' ? 0 : undefined;
    if (directionId === undefined) problems.push({ field: 'directionId', message: 'must be 0 or 1', fr: 'choisissez un sens' });
    const start = readClock(input.start);
    const end = readClock(input.end);
    if (start === undefined)
      problems.push({ field: 'start', message: 'must be a time such as 22:00', fr: 'une heure comme 22:00' });
    if (end === undefined) problems.push({ field: 'end', message: 'must be a time such as 02:00', fr: 'une heure comme 02:00' });
    if (input.days.length !== 7 || !input.days.some(Boolean))
      problems.push({ field: 'days', message: 'choose at least one day', fr: 'choisissez au moins un jour' });
    const feed = await findActiveFeed(tx);
    if (!feed) throw new AppError('conflict', 'No active GTFS feed: import one first');
    if (problems.length === 0) {
      const geometry = await lineGeometry(tx, feed, input.routeId, directionId!);
      const from = geometry.stops.some((s) => s.stopId === input.fromStopId);
      const to = geometry.span(input.fromStopId, input.toStopId);
      if (!from)
        problems.push({ field: 'fromStopId', message: 'not a stop of this line and direction', fr: 'arrêt hors de la ligne' });
      else if (!to)
        problems.push({
          field: 'toStopId',
          message: 'must be a stop after the first one, in this direction',
          fr: 'choisissez un arrêt situé après le premier',
        });
    }
    if (problems.length)
      throw new AppError('invalid_input', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
    const endS = end! > start! ? end! : end! + DAY_S;
    const row = await tx
      .insertInto('night_stop_sections')
      .values({
        tenant_id: tenant.id,
        route_id: input.routeId,
        direction_id: directionId!,
        from_stop_id: input.fromStopId,
        to_stop_id: input.toStopId,
        days: input.days,
        start_s: start!,
        end_s: endS,
        created_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({ entityType: 'night-stop-section', entityId: row.id, fields: ['route_id', 'direction_id', 'stops', 'days', 'hours'] });
    return row;
  },
});

export const removeSection = defineOperation({
  name: 'night-stops.remove-section',
  permission: 'night-stops.manage',
  async run({ tx, audit }, input: { id: string }) {
    const removed = /^[0-9a-f-]{36}$/i.test(input.id)
      ? await tx.deleteFrom('night_stop_sections').where('id', '=', input.id).returning('id').executeTakeFirst()
      : undefined;
    if (!removed) throw new AppError('not_found', 'Section not found');
    audit({ entityType: 'night-stop-section', entityId: input.id, fields: [] });
  },
});

/** Every position ([lon, lat, …]) of a GeoJSON coordinates array; a wrong shape gives a position that fails the checks. */
function positionsOf(coordinates: unknown): number[][] {
  if (!Array.isArray(coordinates) || coordinates.length === 0) return [[Number.NaN, Number.NaN]];
  if (typeof coordinates[0] === 'number') return [coordinates as number[]];
  return coordinates.flatMap(positionsOf);
}

/** Reads a drawn or pasted zone: a GeoJSON Polygon or MultiPolygon (or a Feature of one), valid and in range. */
export function readZoneGeometry(text: string): Geometry {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidInput('geometry', 'is not JSON', 'ce n’est pas du GeoJSON');
  }
  const geometry =
    (value as { type?: string; geometry?: unknown })?.type === 'Feature' ? (value as { geometry: unknown }).geometry : value;
  const type = (geometry as { type?: string })?.type;
  if (type !== 'Polygon' && type !== 'MultiPolygon')
    throw invalidInput('geometry', 'must be a GeoJSON Polygon or MultiPolygon', 'un polygone GeoJSON est attendu');
  const inRange = positionsOf((geometry as { coordinates: unknown }).coordinates).every(
    ([lon, lat]) => Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon!) <= 180 && Math.abs(lat!) <= 90,
  );
  let valid = false;
  try {
    valid = inRange && booleanValid(geometry as Geometry);
  } catch {
    valid = false;
  }
  if (!valid)
    throw invalidInput(
      'geometry',
      'is not a valid polygon (closed rings, no self-crossing, longitude then latitude)',
      'polygone invalide (anneaux fermés, sans croisement, longitude puis latitude)',
    );
  return geometry as Geometry;
}

export const addForbiddenZone = defineOperation({
  name: 'night-stops.add-forbidden-zone',
  permission: 'night-stops.manage',
  async run({ tx, tenant, clock, audit }, input: { name: string; reason: string; geometry: string }) {
    const name = input.name.trim();
    if (name.length < 2 || name.length > 120) throw invalidInput('name', 'must be 2 to 120 characters', 'de 2 à 120 caractères');
    if (!forbiddenZoneReasons.includes(input.reason as ForbiddenZoneReason))
      throw invalidInput('reason', `must be one of ${forbiddenZoneReasons.join(', ')}`, 'motif inconnu');
    const geometry = readZoneGeometry(input.geometry);
    const row = await tx
      .insertInto('night_stop_forbidden_zones')
      .values({
        tenant_id: tenant.id,
        name,
        reason: input.reason as ForbiddenZoneReason,
        geom: sql`ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326))`,
        created_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({ entityType: 'night-stop-zone', entityId: row.id, fields: ['name', 'reason', 'geom'] });
    return row;
  },
});

export const removeForbiddenZone = defineOperation({
  name: 'night-stops.remove-forbidden-zone',
  permission: 'night-stops.manage',
  async run({ tx, audit }, input: { id: string }) {
    const removed = /^[0-9a-f-]{36}$/i.test(input.id)
      ? await tx.deleteFrom('night_stop_forbidden_zones').where('id', '=', input.id).returning('id').executeTakeFirst()
      : undefined;
    if (!removed) throw new AppError('not_found', 'Zone not found');
    audit({ entityType: 'night-stop-zone', entityId: input.id, fields: [] });
  },
});

export const saveNightStopSettings = defineOperation({
  name: 'night-stops.save-settings',
  permission: 'night-stops.manage',
  async run({ tx, tenant, clock, audit }, input: { minDistanceM: string; instructionsFr: string; instructionsEn: string }) {
    const problems: FieldProblem[] = [];
    const minDistance = Number(input.minDistanceM);
    if (!/^\d{1,3}$/.test(input.minDistanceM.trim()) || minDistance > 500)
      problems.push({
        field: 'minDistanceM',
        message: 'must be a whole number of metres from 0 to 500',
        fr: 'un nombre entier de mètres, de 0 à 500',
      });
    const fr = input.instructionsFr.trim();
    const en = input.instructionsEn.trim() || fr;
    if (fr.length < 10 || fr.length > 500)
      problems.push({ field: 'instructionsFr', message: 'must be 10 to 500 characters', fr: 'de 10 à 500 caractères' });
    if (en.length > 500)
      problems.push({ field: 'instructionsEn', message: 'must be at most 500 characters', fr: 'au plus 500 caractères' });
    if (problems.length)
      throw new AppError('invalid_input', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
    const values = { min_distance_m: minDistance, instructions_fr: fr, instructions_en: en, updated_at: clock.now() };
    await tx
      .insertInto('night_stop_settings')
      .values({ tenant_id: tenant.id, ...values })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
      .execute();
    audit({ entityType: 'night-stop-settings', entityId: null, fields: ['min_distance_m', 'instructions'] });
  },
});
