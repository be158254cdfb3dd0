import { frameAround } from '../../night-stops/map-frame.js';
import type { GroupMapView } from './read-group-map.js';

/** The map's width in pixels (a desk's screen; the image scales down on a phone). */
const WIDTH = 640;
const METRES_PER_DEGREE = 111_320;

/**
 * The group's map as a plain SVG (no tiles, no script): the territory's outline, the reports around the places as
 * small grey dots, and each place as a numbered circle of its radius. The page's table beside it says the same in
 * words: the map only helps.
 */
export function GroupMapSvg({ view, label }: { view: GroupMapView; label: string }) {
  const outlinePoints = (view.outline?.coordinates ?? []).flatMap((polygon) =>
    (polygon[0] ?? []).map(([lon = 0, lat = 0]) => ({ lat, lon })),
  );
  const points = [...outlinePoints, ...view.places, ...view.reports];
  const frame = frameAround(points.length ? points : [{ lat: 0, lon: 0 }], WIDTH);
  const ring = (coordinates: number[][]) =>
    coordinates.map(([lon = 0, lat = 0]) => `${frame.x(lon).toFixed(1)},${frame.y(lat).toFixed(1)}`).join(' ');
  const radius = (lat: number, metres: number) => Math.max(4, Math.abs(frame.y(lat) - frame.y(lat + metres / METRES_PER_DEGREE)));
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${frame.width} ${frame.height}`}
      width={frame.width}
      height={frame.height}
      role="img"
      aria-label={label}
    >
      <title>{label}</title>
      <rect width={frame.width} height={frame.height} fill="#f6f6f6" />
      {(view.outline?.coordinates ?? []).map((polygon) =>
        polygon.map((r) => <polygon points={ring(r)} fill="#ffffff" stroke="#555555" stroke-width="1.5" />),
      )}
      {view.reports.map((r) => (
        <circle cx={frame.x(r.lon).toFixed(1)} cy={frame.y(r.lat).toFixed(1)} r="3" fill="#6a6a6a" />
      ))}
      {view.places.map((p, i) => {
        const [cx, cy] = [frame.x(p.lon).toFixed(1), frame.y(p.lat).toFixed(1)];
        const colour = p.closed_on ? '#18753c' : '#b3261e';
        return (
          <g>
            <circle
              cx={cx}
              cy={cy}
              r={radius(p.lat, p.radiusM).toFixed(1)}
              fill={colour}
              fill-opacity="0.18"
              stroke={colour}
              stroke-width="2"
            />
            <circle cx={cx} cy={cy} r="10" fill={colour} />
            <text x={cx} y={cy} dy="4" text-anchor="middle" font-size="12" font-family="sans-serif" fill="#ffffff">
              {String(i + 1)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
