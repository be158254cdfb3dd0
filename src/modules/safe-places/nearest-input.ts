import { AppError, type FieldProblem } from '../../platform/errors.js';

export interface NearestInput {
  lat: number;
  lon: number;
  at: Date;
  limit: number;
}

const isBlank = (v: unknown) => v === undefined || v === null || v === '';

/**
 * Reads lat, lon, at and limit from a query string, a JSON body or a form, and
 * names every parameter that is wrong. `at` defaults to now.
 */
export function readNearestInput(raw: Record<string, unknown>, now: Date): NearestInput {
  const problems: FieldProblem[] = [];
  const number = (field: string, min: number, max: number, fr: string): number => {
    const value = raw[field];
    if (isBlank(value)) {
      problems.push({ field, message: 'is required', fr: `${fr} manquante` });
      return Number.NaN;
    }
    const n = typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
    if (!Number.isFinite(n) || n < min || n > max) {
      problems.push({ field, message: `must be a number from ${min} to ${max}`, fr: `${fr} invalide` });
    }
    return n;
  };
  const lat = number('lat', -90, 90, 'latitude');
  const lon = number('lon', -180, 180, 'longitude');
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
