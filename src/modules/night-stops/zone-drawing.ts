/**
 * A zone drawn by tapping corners on a line's map, carried from tap to tap in the form itself
 * (« lon,lat;lon,lat;… »): the server keeps nothing until the zone is added.
 */

const MAX_CORNERS = 40;

export function readVertices(text: string): [number, number][] {
  return text
    .split(';')
    .map((pair) => pair.split(',').map(Number))
    .filter(
      (p): p is [number, number] => p.length === 2 && p.every(Number.isFinite) && Math.abs(p[0]!) <= 180 && Math.abs(p[1]!) <= 90,
    )
    .slice(0, MAX_CORNERS);
}

export const writeVertices = (vertices: [number, number][]) => vertices.map(([lon, lat]) => `${lon},${lat}`).join(';');

/** The drawn corners as a GeoJSON Polygon (ring closed), once there are three; checked like a pasted one when added. */
export function drawnPolygon(vertices: [number, number][]): string | undefined {
  if (vertices.length < 3) return undefined;
  return JSON.stringify({ type: 'Polygon', coordinates: [[...vertices, vertices[0]!]] });
}
