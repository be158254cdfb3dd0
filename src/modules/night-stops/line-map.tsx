import { frameAround, type MapFrame, sampleLine } from './map-frame.js';
import type { RouteGeometry } from './route-geometry.js';

export interface MapMarker {
  lat: number;
  lon: number;
  label: string;
  kind: 'asked' | 'snapped' | 'allowed' | 'vertex';
}

const colours = { asked: '#6a6a6a', snapped: '#000091', allowed: '#18753c', vertex: '#ce0500' };

/** The width of a map one taps on: it fits the narrowest phone, and the server reads taps in these pixels. */
export const TAP_MAP_WIDTH = 280;

/** The width of the map the authority draws zones on (a desk's screen). */
export const DRAW_MAP_WIDTH = 560;

/** The frame of a line's tap map: fitted to the line only, so the server finds it again from the line alone. */
export const tapFrame = (geometry: RouteGeometry, width = TAP_MAP_WIDTH): MapFrame => frameAround(sampleLine(geometry), width);

interface SvgProps {
  geometry: RouteGeometry;
  /** [from, to] metres along the line. */
  allowed: [number, number][];
  markers?: MapMarker[];
  /** Polygons drawn over the line (forbidden zones), as rings of points. */
  zones?: { lat: number; lon: number }[][];
  label: string;
  frame?: MapFrame;
  /** A file of its own (an image), not inside a page. */
  standalone?: boolean;
}

/**
 * A line drawn as a plain SVG (no tiles, no script): the line in grey, the parts where drop-off is allowed tonight
 * in green, the stops as small circles, and the markers. The words beside it say the same: the map only helps.
 */
export function LineSvg({ geometry, allowed, markers = [], zones = [], label, frame, standalone }: SvgProps) {
  const line = sampleLine(geometry);
  const f = frame ?? frameAround([...line, ...markers], 600);
  const polyline = (points: { lat: number; lon: number }[]) =>
    points.map((p) => `${f.x(p.lon).toFixed(1)},${f.y(p.lat).toFixed(1)}`).join(' ');
  const part = ([from, to]: [number, number]) => {
    const n = Math.max(2, Math.ceil(((to - from) / geometry.length) * line.length));
    return Array.from({ length: n + 1 }, (_, i) => geometry.pointAt(from + ((to - from) * i) / n));
  };
  const r = f.width < 400 ? 0.6 : 1;
  return (
    <svg
      viewBox={`0 0 ${f.width} ${f.height}`}
      xmlns={standalone ? 'http://www.w3.org/2000/svg' : undefined}
      width={standalone ? f.width : undefined}
      height={standalone ? f.height : undefined}
      class={standalone ? undefined : 'coverage-map'}
      role="img"
      aria-label={label}
    >
      <rect width={f.width} height={f.height} fill="#f6f6f6" />
      {zones.map((ring) => (
        <polygon points={polyline(ring)} fill="#ce0500" fill-opacity="0.25" stroke="#ce0500" stroke-width="2" />
      ))}
      <polyline points={polyline(line)} fill="none" stroke="#929292" stroke-width={4 * r} />
      {allowed.map((span) => (
        <polyline points={polyline(part(span))} fill="none" stroke={colours.allowed} stroke-width={8 * r} />
      ))}
      {geometry.stops.map((s) => (
        <circle
          cx={f.x(s.lon).toFixed(1)}
          cy={f.y(s.lat).toFixed(1)}
          r={5 * r}
          fill="#ffffff"
          stroke="#161616"
          stroke-width="2"
        />
      ))}
      {markers.map((m) => (
        <circle
          cx={f.x(m.lon).toFixed(1)}
          cy={f.y(m.lat).toFixed(1)}
          r={m.kind === 'vertex' ? 4 : 9 * r}
          fill={colours[m.kind]}
          stroke="#ffffff"
          stroke-width="2"
        >
          <title>{m.label}</title>
        </circle>
      ))}
    </svg>
  );
}

/** The line's map in a page, with its caption. */
export function LineMap(props: Omit<SvgProps, 'standalone' | 'frame'>) {
  return (
    <figure>
      <LineSvg {...props} />
      <figcaption>{props.label}</figcaption>
    </figure>
  );
}
