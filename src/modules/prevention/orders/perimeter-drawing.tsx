import type { MultiPolygon, Polygon } from 'geojson';
import type { FieldProblem } from '../../../platform/errors.js';
import type { Translate } from '../../../platform/i18n/i18n.js';
import { field } from '../../../platform/pages/form-field.js';
import { frameAround, type MapFrame } from '../../night-stops/map-frame.js';
import { drawnPolygon, readVertices, writeVertices } from '../../night-stops/zone-drawing.js';
import { readPerimeter } from './order-input.js';

/** The width of the map a perimeter is drawn on (a desk's screen); the server reads taps in these pixels. */
export const PERIMETER_MAP_WIDTH = 480;

type Corner = [number, number];

/** The outline's corners, as the frame and the drawing want them. */
const outlinePoints = (outline: MultiPolygon) =>
  outline.coordinates.flatMap((polygon) => polygon.flatMap((ring) => ring.map(([lon = 0, lat = 0]) => ({ lat, lon }))));

/**
 * The drawing map's frame: fitted to the tenant's commune outline only, so that the page that drew the map and
 * the route that reads a tap find the same frame from the same outline, without remembering anything.
 */
export const perimeterFrame = (outline: MultiPolygon): MapFrame => frameAround(outlinePoints(outline), PERIMETER_MAP_WIDTH);

/** A polygon added to what the perimeter field holds: a valid perimeter there gains a part, anything else is replaced. */
export function addPart(current: string, polygon: Polygon): string {
  if (current.trim() !== '') {
    const existing = readPerimeter(current);
    if (!('field' in existing)) {
      const parts = existing.type === 'Polygon' ? [existing.coordinates] : existing.coordinates;
      return JSON.stringify({ type: 'MultiPolygon', coordinates: [...parts, polygon.coordinates] });
    }
  }
  return JSON.stringify(polygon);
}

export interface DrawingStep {
  /** The corners of the ring being drawn, carried in the form. */
  vertices: Corner[];
  /** The perimeter field after the step (changed only when a ring is closed). */
  perimeter: string;
  /** Closing a ring that is no valid polygon (crossing itself, too few corners): named on the perimeter field. */
  problem?: FieldProblem;
}

/**
 * One step of drawing, from the posted form: a tap on the map adds a corner (`carte.x`, `carte.y` in the map's
 * pixels), « undo » removes the last one, « clear » all, and « close » closes the ring into the perimeter field
 * after the same checks as a pasted perimeter. Nothing is saved: the order's form does that.
 */
export function drawingStep(body: unknown, frame: MapFrame | undefined): DrawingStep {
  const vertices = readVertices(field(body, 'vertices'));
  const perimeter = field(body, 'perimeter');
  if (field(body, 'clear')) return { vertices: [], perimeter };
  if (field(body, 'undo')) return { vertices: vertices.slice(0, -1), perimeter };
  if (field(body, 'close')) {
    const text = drawnPolygon(vertices);
    if (!text)
      return {
        vertices,
        perimeter,
        problem: {
          field: 'perimeter',
          message: 'tap at least three corners before closing',
          fr: 'touchez au moins trois coins avant de fermer',
        },
      };
    const combined = addPart(perimeter, JSON.parse(text) as Polygon);
    const checked = readPerimeter(combined);
    if ('field' in checked) return { vertices, perimeter, problem: checked };
    return { vertices: [], perimeter: combined };
  }
  const [x, y] = [Number(field(body, 'carte.x')), Number(field(body, 'carte.y'))];
  if (frame && Number.isFinite(x) && Number.isFinite(y) && x >= 0 && y >= 0 && x <= frame.width && y <= frame.height) {
    const point = frame.pointAt(x, y);
    vertices.push([Number(point.lon.toFixed(6)), Number(point.lat.toFixed(6))]);
  }
  return { vertices: readVertices(writeVertices(vertices)), perimeter };
}

/** The drawing map as an image: the commune's outline, the corners tapped so far and the ring they make. */
export function PerimeterMapSvg({ outline, corners, label }: { outline: MultiPolygon; corners: Corner[]; label: string }) {
  const f = perimeterFrame(outline);
  const points = (ring: { lat: number; lon: number }[]) =>
    ring.map((p) => `${f.x(p.lon).toFixed(1)},${f.y(p.lat).toFixed(1)}`).join(' ');
  const ring = corners.map(([lon, lat]) => ({ lat, lon }));
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${f.width} ${f.height}`}
      width={f.width}
      height={f.height}
      role="img"
      aria-label={label}
    >
      <rect width={f.width} height={f.height} fill="#f6f6f6" />
      {outline.coordinates.map((polygon) => (
        <polygon
          points={points((polygon[0] ?? []).map(([lon = 0, lat = 0]) => ({ lat, lon })))}
          fill="#ffffff"
          stroke="#555555"
          stroke-width="2"
        />
      ))}
      {ring.length >= 3 ? (
        <polygon
          points={points(ring)}
          fill="#b3261e"
          fill-opacity="0.25"
          stroke="#b3261e"
          stroke-width="2"
          stroke-dasharray="6 4"
        />
      ) : ring.length === 2 ? (
        <polyline points={points(ring)} fill="none" stroke="#b3261e" stroke-width="2" />
      ) : null}
      {ring.map((p, i) => (
        <circle cx={f.x(p.lon).toFixed(1)} cy={f.y(p.lat).toFixed(1)} r="5" fill="#b3261e" stroke="#ffffff" stroke-width="2">
          <title>{String(i + 1)}</title>
        </circle>
      ))}
    </svg>
  );
}

/**
 * The tap map inside the order's form: an image button over the server-drawn map (a tap posts its pixel to
 * `drawAction`), the corners in a hidden field, and buttons to undo, clear and close the ring. No script needed.
 */
export function PerimeterDrawing({
  t,
  outline,
  vertices,
  drawAction,
  mapSrc,
}: {
  t: Translate;
  outline: MultiPolygon | null;
  vertices: Corner[];
  drawAction: string;
  mapSrc: string;
}) {
  if (!outline) return <p class="hint">{t('orders.draw.noOutline')}</p>;
  const frame = perimeterFrame(outline);
  return (
    <fieldset class="perimeter-draw">
      <legend>{t('orders.draw.legend')}</legend>
      <p id="perimeter-draw-hint">{t('orders.draw.hint', { count: vertices.length })}</p>
      <input type="hidden" name="vertices" value={writeVertices(vertices)} />
      <div class="table-scroll">
        <input
          type="image"
          name="carte"
          formaction={drawAction}
          formnovalidate
          src={`${mapSrc}?points=${encodeURIComponent(writeVertices(vertices))}`}
          width={frame.width}
          height={frame.height}
          alt={t('orders.draw.alt')}
          aria-describedby="perimeter-draw-hint"
        />
      </div>
      <p>
        <button
          type="submit"
          class="secondary"
          formaction={drawAction}
          formnovalidate
          name="undo"
          value="1"
          disabled={vertices.length === 0}
        >
          {t('orders.draw.undo')}
        </button>{' '}
        <button
          type="submit"
          class="secondary"
          formaction={drawAction}
          formnovalidate
          name="clear"
          value="1"
          disabled={vertices.length === 0}
        >
          {t('orders.draw.clear')}
        </button>{' '}
        <button
          type="submit"
          class="secondary"
          formaction={drawAction}
          formnovalidate
          name="close"
          value="1"
          disabled={vertices.length < 3}
        >
          {t('orders.draw.close')}
        </button>
      </p>
    </fieldset>
  );
}
