/**
 * What a map by territory shows, pure: each area with its value — a number, unknown (not published by the source),
 * or hidden (a small number on a public surface) — and the colour classes. Unknown and hidden are never a class:
 * they are drawn hatched and said in words, never as 0.
 */
import type { MultiPolygon } from 'geojson';

export type MapValue = { kind: 'value'; value: number } | { kind: 'unknown' } | { kind: 'hidden'; below: number };

export interface MapArea {
  code: string;
  name: string;
  /** null: an area with a value but no outline (said in the table only). */
  shape: MultiPolygon | null;
  value: MapValue;
}

export interface MapModel {
  id: string;
  title: string;
  /** What the value is (« taux pour 1 000 habitants », « signalements »). */
  measure: string;
  digits: number;
  areas: MapArea[];
  /** Upper bounds of the colour classes, ascending; the last is the largest value. */
  breaks: number[];
}

export const CLASSES = 4;

/**
 * Class bounds by quantiles of the known values (with a handful of communes, equal intervals would leave most
 * classes empty); fewer classes when there are fewer distinct values.
 */
export function classBreaks(values: readonly number[], classes = CLASSES): number[] {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const n = Math.min(classes, sorted.length);
  return [...new Set(Array.from({ length: n }, (_, i) => sorted[Math.ceil(((i + 1) * sorted.length) / n) - 1]!))];
}

/** The class (0 = lowest) of a value, by the first bound it does not exceed. */
export const classOf = (value: number, breaks: readonly number[]) => {
  const i = breaks.findIndex((b) => value <= b);
  return i < 0 ? breaks.length - 1 : i;
};

export function mapModel(model: Omit<MapModel, 'breaks'>): MapModel {
  // Only what is drawn sets the classes (a row of the table without an outline has no colour).
  const known = model.areas.flatMap((a) => (a.shape && a.value.kind === 'value' ? [a.value.value] : []));
  return { ...model, breaks: classBreaks(known) };
}
