import type { MultiPolygon } from 'geojson';

const WIDTH = 320;
const HEIGHT = 200;
const PAD = 6;

/** SVG path data of a MultiPolygon in a frame (longitudes scaled by the cosine of the latitude). */
function pathOf(area: MultiPolygon, frame: (lon: number, lat: number) => [number, number]): string {
  return area.coordinates
    .flatMap((polygon) =>
      polygon.map(
        (ring) =>
          `${ring
            .map(([lon = 0, lat = 0], i) => {
              const [x, y] = frame(lon, lat);
              return `${i === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`;
            })
            .join(' ')} Z`,
      ),
    )
    .join(' ');
}

/**
 * A small drawing of an order's perimeter inside the commune's outline, server-rendered (no tiles, no
 * script): enough to see which part of the commune it covers. Indicative, as the perimeter itself.
 */
export function PerimeterSketch({ area, outline, label }: { area: MultiPolygon; outline: MultiPolygon | null; label: string }) {
  const points = [...(outline ?? area).coordinates, ...area.coordinates].flatMap((polygon) => polygon[0] ?? []);
  const lons = points.map((p) => p[0] ?? 0);
  const lats = points.map((p) => p[1] ?? 0);
  const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const scale = Math.min(
    (WIDTH - 2 * PAD) / Math.max((maxLon - minLon) * k, 1e-9),
    (HEIGHT - 2 * PAD) / Math.max(maxLat - minLat, 1e-9),
  );
  const frame = (lon: number, lat: number): [number, number] => [
    PAD + (lon - minLon) * k * scale,
    HEIGHT - PAD - (lat - minLat) * scale,
  ];
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width="100%"
      class="perimeter-sketch"
      role="img"
      aria-label={label}
      xmlns="http://www.w3.org/2000/svg"
    >
      {outline ? <path d={pathOf(outline, frame)} fill="#f2f2f2" stroke="#555" stroke-width="1" /> : null}
      <path d={pathOf(area, frame)} fill="#b3261e" fill-opacity="0.35" stroke="#b3261e" stroke-width="2" />
    </svg>
  );
}
