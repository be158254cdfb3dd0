import { AppError, type FieldProblem } from '../../platform/errors.js';

export interface NearestInput {
  lat: number;
  lon: number;
  at: Date;
  limit: number;
}

const isBlank = (v: unknown) => v === undefined || v === null || v === '';

/** A number from a JSON number or a text (decimal comma accepted); a missing or wrong one is added to `problems`. */
function readNumber(value: unknown, field: string, min: number, max: number, fr: string, problems: FieldProblem[]): number {
  if (isBlank(value)) {
    problems.push({ field, message: 'is required', fr: `${fr} manquante` });
    return Number.NaN;
  }
  const n = typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
  if (!Number.isFinite(n) || n < min || n > max) {
    problems.push({ field, message: `must be a number from ${min} to ${max}`, fr: `${fr} invalide` });
  }
  return n;
}

/**
 * Reads lat, lon, at and limit from a query string, a JSON body or a form, and
 * names every parameter that is wrong. `at` defaults to now.
 */
export function readNearestInput(raw: Record<string, unknown>, now: Date): NearestInput {
  const problems: FieldProblem[] = [];
  const lat = readNumber(raw.lat, 'lat', -90, 90, 'latitude', problems);
  const lon = readNumber(raw.lon, 'lon', -180, 180, 'longitude', problems);
  let at = now;
  if (!isBlank(raw.at)) {
    at = new Date(String(raw.at));
    if (Number.isNaN(at.getTime()))
      problems.push({ field: 'at', message: 'must be an ISO 8601 date-time', fr: 'date et heure invalides' });
  }
  let limit = 10;
  if (!isBlank(raw.limit)) {
    limit = Number(raw.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 50)
      problems.push({ field: 'limit', message: 'must be a whole number from 1 to 50', fr: 'doit être entre 1 et 50' });
  }
  if (problems.length) throw new AppError('invalid_input', problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);
  return { lat, lon, at, limit };
}
