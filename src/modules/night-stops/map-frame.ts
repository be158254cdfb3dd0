import type { RouteGeometry } from './route-geometry.js';

type Point = { lat: number; lon: number };

/** How a line's map is laid out: pixels from coordinates, and back (a tap on the map is a place on the ground). */
export interface MapFrame {
  width: number;
  height: number;
  x(lon: number): number;
  y(lat: number): number;
  /** The ground point under pixel (x, y). */
  pointAt(x: number, y: number): Point;
}

const PAD_DEG = 0.001;

/** The line sampled evenly along its length: what the map draws and what its frame is fitted to. */
export function sampleLine(geometry: RouteGeometry, samples = 240): Point[] {
  return Array.from({ length: samples + 1 }, (_, i) => geometry.pointAt((i * geometry.length) / samples));
}

/**
 * An equirectangular frame around the points, `width` pixels wide (local distances keep their proportions at a
 * city's scale). The same points and width always give the same frame: the server can read a tap on a map it
 * drew without remembering anything.
 */
export function frameAround(points: Point[], width: number): MapFrame {
  const lats = points.map((p) => p.lat);
  const lons = points.map((p) => p.lon);
  const [minLat, maxLat, minLon, maxLon] = [
    Math.min(...lats) - PAD_DEG,
    Math.max(...lats) + PAD_DEG,
    Math.min(...lons) - PAD_DEG,
    Math.max(...lons) + PAD_DEG,
  ];
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const scale = width / ((maxLon - minLon) * kx);
  const height = Math.min(width, Math.max(Math.round(width / 4), Math.round((maxLat - minLat) * scale)));
  return {
    width,
    height,
    x: (lon) => (lon - minLon) * kx * scale,
    y: (lat) => (maxLat - lat) * scale,
    pointAt: (x, y) => ({ lat: maxLat - y / scale, lon: minLon + x / (kx * scale) }),
  };
}
