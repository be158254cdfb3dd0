import booleanValid from '@turf/boolean-valid';
import kinks from '@turf/kinks';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { AppError, type FieldProblem } from '../errors.js';
import { type TerritoryInput, type TerritoryKind, territoryKinds } from './territory-queries.js';

export interface ImportTerritoriesOptions {
  kind: string;
  codeProp: string;
  nameProp: string;
}

function allCoordinatesInRange(geometry: Polygon | MultiPolygon): boolean {
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  return rings.every((ring) => ring.every(([lon, lat]) => Math.abs(lon ?? 999) <= 180 && Math.abs(lat ?? 999) <= 90));
}

/** Checks one feature; returns the territory or the reason it is refused. */
function readFeature(feature: Feature, options: ImportTerritoriesOptions, kind: TerritoryKind): TerritoryInput | string {
  const geometry = feature?.geometry;
  if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
    return `geometry must be a Polygon or MultiPolygon (got ${geometry?.type ?? 'none'})`;
  }
  const code = feature.properties?.[options.codeProp];
  const name = feature.properties?.[options.nameProp];
  if (code === undefined || code === null || String(code).trim() === '')
    return `property "${options.codeProp}" (the code) is missing`;
  if (typeof name !== 'string' || name.trim() === '') return `property "${options.nameProp}" (the name) is missing`;
  if (!allCoordinatesInRange(geometry)) return 'coordinates are not longitude/latitude in WGS 84 (EPSG:4326)';
  const crossings = kinks(geometry as Polygon).features;
  if (crossings.length > 0) {
    const [lon, lat] = crossings[0]?.geometry.coordinates ?? [];
    return `geometry is self-intersecting (near ${lon}, ${lat})`;
  }
  if (!booleanValid(geometry))
    return 'geometry is invalid (a ring is not closed, has fewer than 4 points, or a hole lies outside its polygon)';
  return { kind, code: String(code).trim(), name: name.trim(), geometry };
}

/**
 * Reads a GeoJSON FeatureCollection into territories. Every feature is checked;
 * one bad feature refuses the whole file, naming each bad feature and why.
 */
export function parseTerritories(text: string, options: ImportTerritoriesOptions): TerritoryInput[] {
  if (!(territoryKinds as readonly string[]).includes(options.kind)) {
    throw new AppError('invalid_input', `--kind must be one of ${territoryKinds.join(', ')}`, [
      { field: 'kind', message: 'unknown kind' },
    ]);
  }
  let collection: { type?: string; features?: Feature[] };
  try {
    collection = JSON.parse(text);
  } catch (error) {
    throw new AppError('invalid_input', `The file is not valid JSON: ${(error as Error).message}`);
  }
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new AppError('invalid_input', 'The file must be a GeoJSON FeatureCollection');
  }
  const territories: TerritoryInput[] = [];
  const problems: FieldProblem[] = [];
  collection.features.forEach((feature, index) => {
    const read = readFeature(feature, options, options.kind as TerritoryKind);
    if (typeof read === 'string') problems.push({ field: `features[${index}]`, message: `feature ${index + 1}: ${read}` });
    else territories.push(read);
  });
  if (problems.length > 0) {
    throw new AppError(
      'invalid_input',
      `${problems.length} feature(s) refused, nothing imported:\n${problems.map((p) => `  ${p.message}`).join('\n')}`,
      problems,
    );
  }
  return territories;
}
