import circle from '@turf/circle';
import sector from '@turf/sector';
import type { Polygon } from 'geojson';

/**
 * Demo outlines are simplified shapes drawn here, not official boundaries:
 * a 36-sided polygon around a commune's centre, and wedges of it for arrondissements.
 * Real outlines come in with `quietude import-territories`.
 */
export function demoOutline(lon: number, lat: number, radiusKm: number): Polygon {
  return circle([lon, lat], radiusKm, { steps: 36, units: 'kilometers' }).geometry;
}

export function demoWedges(lon: number, lat: number, radiusKm: number, count: number): Polygon[] {
  const step = 360 / count;
  return Array.from(
    { length: count },
    (_, i) => sector([lon, lat], radiusKm, i * step, (i + 1) * step, { steps: 4, units: 'kilometers' }).geometry,
  );
}
