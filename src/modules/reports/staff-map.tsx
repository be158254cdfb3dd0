import type { Lang } from '../../platform/i18n/i18n.js';

export interface MapPoint {
  id: string;
  lat: number;
  lon: number;
  label: string;
  open: boolean;
}

/**
 * The staff map of the listed reports: a plain SVG (no tiles, no script, no third party), each point a link
 * to its report. Staff only: the public never sees points (the public map shows protected counts by cell).
 */
export function StaffMap({
  points,
  label,
  hrefOf,
}: {
  points: MapPoint[];
  label: string;
  lang: Lang;
  hrefOf: (id: string) => string;
}) {
  if (points.length === 0) return null;
  const lats = points.map((p) => p.lat);
  const lons = points.map((p) => p.lon);
  const pad = 0.002;
  const [minLat, maxLat, minLon, maxLon] = [
    Math.min(...lats) - pad,
    Math.max(...lats) + pad,
    Math.min(...lons) - pad,
    Math.max(...lons) + pad,
  ];
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const width = 600;
  const scale = width / ((maxLon - minLon) * kx);
  const height = Math.max(120, Math.round((maxLat - minLat) * scale));
  const x = (lon: number) => ((lon - minLon) * kx * scale).toFixed(1);
  const y = (lat: number) => ((maxLat - lat) * scale).toFixed(1);
  return (
    <figure>
      <figcaption>{label}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} class="coverage-map">
        <rect width={width} height={height} fill="#f6f6f6" />
        {points.map((p) => (
          <a href={hrefOf(p.id)} aria-label={p.label}>
            <circle cx={x(p.lon)} cy={y(p.lat)} r="7" fill={p.open ? '#000091' : '#6a6a6a'} stroke="#ffffff" stroke-width="2" />
          </a>
        ))}
      </svg>
    </figure>
  );
}
