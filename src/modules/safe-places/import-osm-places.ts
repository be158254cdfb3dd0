/**
 * Prospecting import of the « Où est Angela ? » network: venues found in OpenStreetMap (an Overpass
 * export converted to GeoJSON by overpass-turbo or osmtogeojson) become `candidate` places for the
 * coordinator to approach. A venue the tenant already has (same OSM id, or same name within 50 m) is
 * never duplicated.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { defineOperation, type OperationContext } from '../../platform/access/operation.js';
import { AppError } from '../../platform/errors.js';
import { checkPlaceInput, insertPlace, type PlaceInput } from './place-writes.js';
import type { PlaceKindId } from './tables.js';

/** A feature that reads as a place: checked by `checkPlaceInput`, ready for `insertPlace`. */
export interface OsmCandidate extends PlaceInput {
  kind: PlaceKindId;
  /** "node/123", "way/45", "relation/6"; null when the export carries no id. */
  osmId: string | null;
  /** Position of the feature in the file, from 1. */
  feature: number;
}

export interface OsmRejection {
  /** Position of the feature in the file, from 1. */
  feature: number;
  osmId?: string;
  reason: string;
}

export interface OsmParseResult {
  candidates: OsmCandidate[];
  rejected: OsmRejection[];
}

export interface OsmImportResult {
  added: number;
  matched: number;
  rejected: OsmRejection[];
}

/** Same name within this distance (metres) means the same place. */
export const MATCH_DISTANCE_M = 50;

type Tags = Record<string, string>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** OSM tags as strings: nested under `properties.tags` (osmtogeojson) or flat in `properties` (overpass-turbo). */
function readTags(properties: Record<string, unknown>): Tags {
  const source = isRecord(properties.tags) ? properties.tags : properties;
  const tags: Tags = {};
  for (const [key, value] of Object.entries(source)) {
    if (typeof value === 'string' && value.trim() !== '') tags[key] = value.trim();
    else if (typeof value === 'number' && Number.isFinite(value)) tags[key] = String(value);
  }
  return tags;
}

const OSM_TYPES: Record<string, string> = { node: 'node', way: 'way', relation: 'relation', n: 'node', w: 'way', r: 'relation' };

/** "node/123" from the feature's `id`, `properties['@id']`, or `properties.id` (+ `properties.type` when the id is a bare number). */
function readOsmId(feature: Record<string, unknown>, properties: Record<string, unknown>): string | null {
  for (const raw of [feature.id, properties['@id'], properties.id]) {
    if (typeof raw === 'string') {
      const full = /^(node|way|relation)\/(\d+)$/.exec(raw.trim());
      if (full) return `${full[1]}/${full[2]}`;
      const short = /^([nwr])(\d+)$/.exec(raw.trim());
      if (short) return `${OSM_TYPES[short[1]!]}/${short[2]}`;
    }
    if ((typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0) || (typeof raw === 'string' && /^\d+$/.test(raw))) {
      const type = typeof properties.type === 'string' ? OSM_TYPES[properties.type] : undefined;
      if (type) return `${type}/${raw}`;
    }
  }
  return null;
}

const BAR = new Set(['bar', 'pub', 'nightclub']);
const RESTAURANT = new Set(['restaurant', 'cafe', 'fast_food']);

/** The kind of place from its OSM tags (the first rule that applies wins). */
export function kindFromTags(tags: Tags): PlaceKindId {
  const { amenity, shop, office } = tags;
  if (amenity && BAR.has(amenity)) return 'bar';
  if (amenity && RESTAURANT.has(amenity)) return 'restaurant';
  if (amenity === 'pharmacy' || shop === 'chemist') return 'pharmacy';
  if (amenity === 'library') return 'library';
  if (tags.public_transport === 'station' || tags.railway === 'station' || amenity === 'bus_station') return 'transit_station';
  // Before shop=*: a network's ticket shop or office is its agency.
  if (office === 'transport' || (tags.network && (shop || office))) return 'transit_agency';
  if (shop) return 'shop';
  return 'other';
}

/** "<housenumber> <street>, <postcode> <city>", missing parts left out (`addr:place` stands in for a missing street). */
export function addressFromTags(tags: Tags): string {
  const street = [tags['addr:housenumber'], tags['addr:street'] ?? tags['addr:place']].filter(Boolean).join(' ');
  const town = [tags['addr:postcode'], tags['addr:city']].filter(Boolean).join(' ');
  return [street, town].filter(Boolean).join(', ');
}

/**
 * The first number of `phone` / `contact:phone` ("a;b" lists), separators other than spaces and dots
 * turned into spaces. A number that still does not pass the place check is left out rather than
 * refusing the venue: the coordinator will call the venue's number found by other means.
 */
function phoneFromTags(tags: Tags): string | null {
  const raw = (tags.phone ?? tags['contact:phone'])?.split(';')[0];
  if (!raw) return null;
  const phone = raw
    .replace(/[-/()\u00a0]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return /^\+?[0-9 .]{6,20}$/.test(phone) ? phone : null;
}

function wheelchairFromTags(tags: Tags): PlaceInput['wheelchair'] {
  const value = tags.wheelchair;
  if (value === 'yes' || value === 'designated') return 'yes';
  if (value === 'limited' || value === 'no') return value;
  return null;
}

/** `language:xx=yes` tags: the languages spoken. */
function languagesFromTags(tags: Tags): string[] {
  return Object.entries(tags)
    .filter(([key, value]) => /^language:[a-z]{2}$/.test(key) && value === 'yes')
    .map(([key]) => key.slice('language:'.length))
    .sort();
}

type Position = { lon: number; lat: number };

const isPosition = (value: unknown): value is [number, number] =>
  Array.isArray(value) && value.length >= 2 && typeof value[0] === 'number' && typeof value[1] === 'number';

/**
 * `@turf/centroid` is not installed, so an area's position is the average of its outer ring's vertices
 * (the closing vertex, a repeat of the first, counted once). For a building-sized way this is within a
 * few metres of the true centroid; a MultiPolygon averages the outer rings of all its parts.
 */
function averageOfOuterRings(rings: unknown[]): Position | string {
  let lon = 0;
  let lat = 0;
  let count = 0;
  for (const ring of rings) {
    if (!Array.isArray(ring) || !ring.every(isPosition)) return 'geometry has invalid coordinates';
    const [first, last] = [ring[0], ring[ring.length - 1]];
    const closed = ring.length > 1 && first?.[0] === last?.[0] && first?.[1] === last?.[1];
    const vertices = closed ? ring.slice(0, -1) : ring;
    for (const [x, y] of vertices) {
      lon += x;
      lat += y;
      count++;
    }
  }
  if (count === 0) return 'geometry has no coordinates';
  return { lon: lon / count, lat: lat / count };
}

function positionOf(geometry: unknown): Position | string {
  if (!isRecord(geometry)) return 'geometry is missing';
  const { type, coordinates } = geometry;
  if (type === 'Point') {
    return isPosition(coordinates) ? { lon: coordinates[0], lat: coordinates[1] } : 'geometry has invalid coordinates';
  }
  if (type === 'Polygon') {
    return Array.isArray(coordinates) && coordinates.length > 0
      ? averageOfOuterRings([coordinates[0]])
      : 'geometry has no coordinates';
  }
  if (type === 'MultiPolygon') {
    if (!Array.isArray(coordinates) || coordinates.length === 0) return 'geometry has no coordinates';
    if (!coordinates.every((polygon) => Array.isArray(polygon) && polygon.length > 0)) return 'geometry has invalid coordinates';
    return averageOfOuterRings(coordinates.map((polygon) => (polygon as unknown[])[0]));
  }
  return `geometry must be a Point or a Polygon (got ${typeof type === 'string' ? type : 'none'})`;
}

/** The `checkPlaceInput` field, as the OSM tag the coordinator should fix. */
const OSM_FIELD: Record<string, string> = {
  name: 'name',
  kind: 'kind',
  address: 'addr:*',
  lat: 'geometry',
  lon: 'geometry',
  openingHours: 'opening_hours',
  phone: 'phone',
};

function reasonOf(error: unknown): string {
  if (error instanceof AppError) {
    const problem = error.details[0];
    if (problem) return `${OSM_FIELD[problem.field] ?? problem.field}: ${problem.message}`;
    return error.message;
  }
  return `could not be read (${error instanceof Error ? error.message : String(error)})`;
}

function readFeature(value: unknown, feature: number): OsmCandidate | OsmRejection {
  if (!isRecord(value) || value.type !== 'Feature') return { feature, reason: 'not a GeoJSON Feature' };
  const properties = isRecord(value.properties) ? value.properties : {};
  const osmId = readOsmId(value, properties);
  const reject = (reason: string): OsmRejection => ({ feature, ...(osmId ? { osmId } : {}), reason });
  const tags = readTags(properties);
  if (!tags.name) return reject('name: missing');
  if (!tags.opening_hours) return reject('opening_hours: missing');
  const position = positionOf(value.geometry);
  if (typeof position === 'string') return reject(position);
  const input: PlaceInput = {
    name: tags.name,
    kind: kindFromTags(tags),
    address: addressFromTags(tags),
    lat: position.lat,
    lon: position.lon,
    openingHours: tags.opening_hours,
    phone: phoneFromTags(tags),
    wheelchair: wheelchairFromTags(tags),
    languages: languagesFromTags(tags),
    osmId,
  };
  try {
    return { ...checkPlaceInput(input), osmId, feature };
  } catch (error) {
    // checkPlaceInput throws AppError naming the field; anything else (the hours library on odd input) is reported too.
    return reject(reasonOf(error));
  }
}

/**
 * Reads an Overpass export (GeoJSON FeatureCollection) into candidate places and the features refused,
 * each with its reason. Pure. Throws only an AppError `invalid_input` when the text is not JSON or not
 * a FeatureCollection.
 */
export function parseOsmPlaces(text: string): OsmParseResult {
  let collection: unknown;
  try {
    collection = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new AppError('invalid_input', `The file is not valid JSON: ${(error as Error).message}`);
  }
  if (!isRecord(collection) || collection.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new AppError('invalid_input', 'The file must be a GeoJSON FeatureCollection (an Overpass export)');
  }
  const result: OsmParseResult = { candidates: [], rejected: [] };
  collection.features.forEach((value: unknown, index) => {
    const read = readFeature(value, index + 1);
    if ('reason' in read) result.rejected.push(read);
    else result.candidates.push(read);
  });
  return result;
}

/** Case-, accent- and punctuation-insensitive form of a name ("L’Entracte" = "l'entracte" = "L ENTRACTE"). */
export function comparableName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase('fr')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The tenant's place that is this candidate: same OSM id, or same name within MATCH_DISTANCE_M. */
async function findExisting(
  tx: Tx,
  tenantId: string,
  candidate: OsmCandidate,
): Promise<{ id: string; osm_id: string | null } | undefined> {
  if (candidate.osmId) {
    const byId = await tx
      .selectFrom('safe_places')
      .select(['id', 'osm_id'])
      .where('tenant_id', '=', tenantId)
      .where('osm_id', '=', candidate.osmId)
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst();
    if (byId) return byId;
  }
  const nearby = await tx
    .selectFrom('safe_places')
    .select(['id', 'osm_id', 'name'])
    .where('tenant_id', '=', tenantId)
    .where(
      sql<boolean>`ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint(${candidate.lon}, ${candidate.lat}), 4326)::geography, ${sql.lit(MATCH_DISTANCE_M)})`,
    )
    .orderBy(sql`ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(${candidate.lon}, ${candidate.lat}), 4326)::geography)`)
    .execute();
  const name = comparableName(candidate.name);
  return nearby.find((place) => comparableName(place.name) === name);
}

/**
 * Adds the candidates the tenant does not have yet as `candidate` places. A candidate that matches a
 * place (same OSM id, or same name within 50 m, including an earlier feature of the same file) is
 * not added again; the match only gets the OSM id when it had none.
 */
export const importOsmPlaces = defineOperation({
  name: 'safe-places.import-osm',
  permission: 'safe-places.manage',
  async run({ tx, tenant, clock, audit }, { candidates }: { candidates: OsmCandidate[] }) {
    const now = clock.now();
    let added = 0;
    let matched = 0;
    for (const candidate of candidates) {
      const existing = await findExisting(tx, tenant.id, candidate);
      if (existing) {
        matched++;
        if (!existing.osm_id && candidate.osmId) {
          await tx
            .updateTable('safe_places')
            .set({ osm_id: candidate.osmId })
            .where('tenant_id', '=', tenant.id)
            .where('id', '=', existing.id)
            .execute();
          audit({ entityType: 'safe-place', entityId: existing.id, fields: ['osm_id'] });
        }
        continue;
      }
      const { feature: _feature, ...input } = candidate;
      const id = await insertPlace(tx, tenant.id, input, 'candidate', now);
      added++;
      const fields = ['name', 'kind', 'address', 'geom', 'opening_hours', 'status'];
      if (input.phone) fields.push('phone');
      if (input.wheelchair) fields.push('wheelchair');
      if (input.languages?.length) fields.push('languages');
      if (input.osmId) fields.push('osm_id');
      audit({ entityType: 'safe-place', entityId: id, fields });
    }
    // Always recorded, even when nothing was added: the import itself, with how many places it added.
    audit({ entityType: 'safe-place', entityId: null, fields: [], count: added });
    return { added, matched };
  },
});

/** Parses an Overpass GeoJSON export and imports its candidates (what `quietude import-osm-places` runs). */
export async function importOsmFile(ctx: OperationContext, text: string): Promise<OsmImportResult> {
  const { candidates, rejected } = parseOsmPlaces(text);
  const { added, matched } = await importOsmPlaces(ctx, { candidates });
  return { added, matched, rejected };
}

/** The CLI's report: "N added, N matched, N rejected", then one line per refused feature. */
export function describeOsmImport({ added, matched, rejected }: OsmImportResult): string {
  return [
    `${added} added, ${matched} matched, ${rejected.length} rejected`,
    ...rejected.map((r) => `  feature ${r.feature}${r.osmId ? ` (${r.osmId})` : ''}: ${r.reason}`),
  ].join('\n');
}
