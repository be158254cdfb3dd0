import type { RouteGeometry } from './route-geometry.js';

export interface MapMarker {
  lat: number;
  lon: number;
  label: string;
  kind: 'asked' | 'snapped' | 'allowed';
}

const SAMPLES = 240;
const colours = { asked: '#6a6a6a', snapped: '#000091', allowed: '#18753c' };

/**
 * A line drawn as a plain SVG (no tiles, no script): the line in grey, the parts where drop-off is allowed tonight
 * in green, the stops as small circles, and the markers. The words beside it say the same: the map only helps.
 */
export function LineMap({
  geometry,
  allowed,
  markers = [],
  label,
}: {
  geometry: RouteGeometry;
  /** [from, to] metres along the line. */
  allowed: [number, number][];
  markers?: MapMarker[];
  label: string;
}) {
  const line = Array.from({ length: SAMPLES + 1 }, (_, i) => geometry.pointAt((i * geometry.length) / SAMPLES));
  const all = [...line, ...markers];
  const lats = all.map((p) => p.lat);
  const lons = all.map((p) => p.lon);
  const pad = 0.001;
  const [minLat, maxLat, minLon, maxLon] = [
    Math.min(...lats) - pad,
    Math.max(...lats) + pad,
    Math.min(...lons) - pad,
    Math.max(...lons) + pad,
  ];
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const width = 600;
  const scale = width / ((maxLon - minLon) * kx);
  const height = Math.min(600, Math.max(160, Math.round((maxLat - minLat) * scale)));
  const x = (lon: number) => ((lon - minLon) * kx * scale).toFixed(1);
  const y = (lat: number) => ((maxLat - lat) * scale).toFixed(1);
  const polyline = (points: { lat: number; lon: number }[]) => points.map((p) => `${x(p.lon)},${y(p.lat)}`).join(' ');
  const part = ([from, to]: [number, number]) => {
    const n = Math.max(2, Math.ceil(((to - from) / geometry.length) * SAMPLES));
    return Array.from({ length: n + 1 }, (_, i) => geometry.pointAt(from + ((to - from) * i) / n));
  };
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height}`} class="coverage-map" role="img" aria-label={label}>
        <rect width={width} height={height} fill="#f6f6f6" />
        <polyline points={polyline(line)} fill="none" stroke="#929292" stroke-width="4" />
        {allowed.map((span) => (
          <polyline points={polyline(part(span))} fill="none" stroke={colours.allowed} stroke-width="8" />
        ))}
        {geometry.stops.map((s) => (
          <circle cx={x(s.lon)} cy={y(s.lat)} r="5" fill="#ffffff" stroke="#161616" stroke-width="2" />
        ))}
        {markers.map((m) => (
          <circle cx={x(m.lon)} cy={y(m.lat)} r="9" fill={colours[m.kind]} stroke="#ffffff" stroke-width="3">
            <title>{m.label}</title>
          </circle>
        ))}
      </svg>
      <figcaption>{label}</figcaption>
    </figure>
  );
}
