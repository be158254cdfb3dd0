import { booleanValid } from '@turf/boolean-valid';
import kinks from '@turf/kinks';
import type { MultiPolygon, Polygon } from 'geojson';
import { AppError, type FieldProblem } from '../../../platform/errors.js';
import { readTime } from './order-time.js';
import {
  type OrderAuthor,
  type OrderProhibition,
  type OrderSubject,
  orderAuthors,
  orderProhibitions,
  orderSubjects,
} from './tables.js';

/** An order as a form or the API sends it: texts, as typed. */
export interface OrderInput {
  number: string;
  title: string;
  author: string;
  subject: string;
  prohibitions: string[];
  summaryFr: string;
  summaryEn?: string;
  signedOn: string;
  sentToPrefectOn?: string;
  validFrom: string;
  validUntil?: string;
  /** "18:00"; both empty: all day. */
  hoursStart?: string;
  hoursEnd?: string;
  /** Monday first; absent: every day. */
  days?: boolean[];
  /** GeoJSON Polygon or MultiPolygon (or a Feature of one); empty: the whole territory. */
  perimeter?: string;
}

/** The checked values, ready to be stored. */
export interface OrderValues {
  number: string;
  title: string;
  author: OrderAuthor;
  subject: OrderSubject;
  prohibitions: OrderProhibition[];
  summaryFr: string;
  summaryEn: string;
  signedOn: string;
  sentToPrefectOn: string | null;
  validFrom: string;
  validUntil: string | null;
  hoursStart: number | null;
  hoursEnd: number | null;
  days: boolean[];
  perimeter: Polygon | MultiPolygon | null;
}

const blank = (text: string | undefined) => (text ?? '').trim() === '';

/** A real calendar date "YYYY-MM-DD". */
export function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
}

/** Every position of a GeoJSON coordinates array; a wrong shape gives a position that fails the checks. */
function positionsOf(coordinates: unknown): number[][] {
  if (!Array.isArray(coordinates) || coordinates.length === 0) return [[Number.NaN, Number.NaN]];
  if (typeof coordinates[0] === 'number') return [coordinates as number[]];
  return coordinates.flatMap(positionsOf);
}

/**
 * A pasted perimeter: a GeoJSON Polygon or MultiPolygon (or a Feature of one), in range, closed and not
 * crossing itself (the same checks as night-stops' forbidden zones). Returns a problem or the geometry.
 */
export function readPerimeter(text: string): Polygon | MultiPolygon | FieldProblem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { field: 'perimeter', message: 'is not JSON', fr: 'le périmètre n’est pas du GeoJSON' };
  }
  const geometry = (value as { type?: string })?.type === 'Feature' ? (value as { geometry: unknown }).geometry : value;
  const type = (geometry as { type?: string } | null)?.type;
  if (type !== 'Polygon' && type !== 'MultiPolygon')
    return {
      field: 'perimeter',
      message: 'must be a GeoJSON Polygon or MultiPolygon',
      fr: 'le périmètre doit être un polygone GeoJSON',
    };
  const inRange = positionsOf((geometry as { coordinates: unknown }).coordinates).every(
    ([lon, lat]) => Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon!) <= 180 && Math.abs(lat!) <= 90,
  );
  let valid = false;
  try {
    // booleanValid misses a ring crossing itself (a bow tie): kinks finds those.
    valid = inRange && booleanValid(geometry as Polygon) && kinks(geometry as Polygon).features.length === 0;
  } catch {
    valid = false;
  }
  if (!valid)
    return {
      field: 'perimeter',
      message: 'is not a valid polygon (closed rings, no self-crossing, longitude then latitude)',
      fr: 'périmètre invalide (anneaux fermés, sans croisement, longitude puis latitude)',
    };
  return geometry as Polygon | MultiPolygon;
}

/** Checks every field of an order at once and names each wrong one. */
export function readOrderInput(input: OrderInput): OrderValues {
  const problems: FieldProblem[] = [];
  const need = (field: string, ok: boolean, message: string, fr: string) => {
    if (!ok) problems.push({ field, message, fr });
  };
  const number = input.number.trim();
  const title = input.title.trim();
  const summaryFr = input.summaryFr.trim();
  const summaryEn = (input.summaryEn ?? '').trim();
  need('number', number.length >= 1 && number.length <= 60, 'must be 1 to 60 characters', 'numéro de 1 à 60 caractères');
  need('title', title.length >= 5 && title.length <= 200, 'must be 5 to 200 characters', 'intitulé de 5 à 200 caractères');
  need(
    'author',
    orderAuthors.includes(input.author as OrderAuthor),
    'must be mayor or prefect',
    'choisissez le maire ou le préfet',
  );
  need(
    'subject',
    orderSubjects.includes(input.subject as OrderSubject),
    `must be one of ${orderSubjects.join(', ')}`,
    'objet inconnu',
  );
  const prohibitions = [...new Set(input.prohibitions)];
  need(
    'prohibitions',
    prohibitions.length > 0 && prohibitions.every((p) => orderProhibitions.includes(p as OrderProhibition)),
    `choose at least one of ${orderProhibitions.join(', ')}`,
    'cochez au moins une interdiction',
  );
  need(
    'summaryFr',
    summaryFr.length >= 10 && summaryFr.length <= 2000,
    'must be 10 to 2000 characters',
    'résumé de 10 à 2000 caractères',
  );
  need('summaryEn', summaryEn.length <= 2000, 'must be at most 2000 characters', 'au plus 2000 caractères');
  const date = (field: string, text: string | undefined, required: boolean) => {
    const value = (text ?? '').trim();
    if (value === '' && !required) return null;
    if (!isDate(value)) {
      problems.push({ field, message: 'must be a date YYYY-MM-DD', fr: 'une date (AAAA-MM-JJ)' });
      return null;
    }
    return value;
  };
  const signedOn = date('signedOn', input.signedOn, true);
  const sentToPrefectOn = date('sentToPrefectOn', input.sentToPrefectOn, false);
  const validFrom = date('validFrom', input.validFrom, true);
  const validUntil = date('validUntil', input.validUntil, false);
  if (validFrom && validUntil && validUntil < validFrom)
    problems.push({ field: 'validUntil', message: 'must not be before validFrom', fr: 'la fin de validité précède son début' });
  if (signedOn && sentToPrefectOn && sentToPrefectOn < signedOn)
    problems.push({ field: 'sentToPrefectOn', message: 'must not be before signedOn', fr: 'avant la signature' });
  if (sentToPrefectOn && input.author === 'prefect')
    problems.push({
      field: 'sentToPrefectOn',
      message: 'only a mayor’s order is sent to the prefect',
      fr: 'seul un arrêté du maire est transmis au préfet',
    });

  let hoursStart: number | null = null;
  let hoursEnd: number | null = null;
  if (!blank(input.hoursStart) || !blank(input.hoursEnd)) {
    hoursStart = readTime(input.hoursStart ?? '') ?? null;
    hoursEnd = readTime(input.hoursEnd ?? '') ?? null;
    if (hoursStart === null)
      problems.push({ field: 'hoursStart', message: 'must be a time such as 18:00', fr: 'une heure comme 18:00' });
    if (hoursEnd === null)
      problems.push({ field: 'hoursEnd', message: 'must be a time such as 08:00', fr: 'une heure comme 08:00' });
    if (hoursStart !== null && hoursStart === hoursEnd)
      problems.push({
        field: 'hoursEnd',
        message: 'must differ from hoursStart (leave both empty for all day)',
        fr: 'doit différer du début (laissez les deux vides pour toute la journée)',
      });
  }
  const days = input.days ?? [true, true, true, true, true, true, true];
  need('days', days.length === 7 && days.some(Boolean), 'choose at least one day', 'cochez au moins un jour');

  let perimeter: Polygon | MultiPolygon | null = null;
  if (!blank(input.perimeter)) {
    const read = readPerimeter(input.perimeter as string);
    if ('field' in read) problems.push(read);
    else perimeter = read;
  }
  if (problems.length) throw new AppError('invalid_input', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  return {
    number,
    title,
    author: input.author as OrderAuthor,
    subject: input.subject as OrderSubject,
    prohibitions: prohibitions as OrderProhibition[],
    summaryFr,
    summaryEn,
    signedOn: signedOn!,
    sentToPrefectOn,
    validFrom: validFrom!,
    validUntil,
    hoursStart,
    hoursEnd,
    days,
    perimeter,
  };
}

/** The published PDF: a real PDF (it starts with "%PDF-"), at most 5 MB. */
export const PDF_LIMIT_BYTES = 5 * 1024 * 1024;
export function checkPdf(content: unknown): Buffer {
  if (!Buffer.isBuffer(content) || content.length === 0)
    throw new AppError('invalid_input', 'pdf: no file', [
      { field: 'pdf', message: 'choose the published PDF', fr: 'joignez le PDF publié' },
    ]);
  if (content.length > PDF_LIMIT_BYTES)
    throw new AppError('invalid_input', 'pdf: too large', [
      { field: 'pdf', message: 'must be at most 5 MB', fr: 'le PDF dépasse 5 Mo' },
    ]);
  if (content.subarray(0, 5).toString('latin1') !== '%PDF-')
    throw new AppError('invalid_input', 'pdf: not a PDF', [
      { field: 'pdf', message: 'is not a PDF file', fr: 'ce fichier n’est pas un PDF' },
    ]);
  return content;
}
