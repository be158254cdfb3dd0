import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { AppError, type FieldProblem } from '../../platform/errors.js';
import type { Tenant } from '../../platform/tenants/tenant-queries.js';
import { checkDropOff, type DropOffAnswer } from './drop-off-check.js';
import { findActiveFeed, lineGeometry } from './night-network.js';
import { readSettings, rulesFor } from './night-rules.js';

/** The question, as the API's JSON or the page's form sends it (numbers may come as text). */
export interface CheckQuestion {
  route_id?: unknown;
  direction_id?: unknown;
  lat?: unknown;
  lon?: unknown;
  at?: unknown;
}

export interface CheckAnswer extends DropOffAnswer {
  /** What riders must hear (the authority's words). */
  instructions: { fr: string; en: string };
}

const number = (value: unknown) =>
  typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
const localDate = (at: Date, timeZone: string) => at.toLocaleDateString('en-CA', { timeZone });

/** Reads the question, naming every wrong field at once. */
function readQuestion(question: CheckQuestion, now: Date) {
  const problems: FieldProblem[] = [];
  const routeId = typeof question.route_id === 'string' ? question.route_id.trim() : '';
  if (routeId.length < 1 || routeId.length > 100)
    problems.push({ field: 'route_id', message: 'is required', fr: 'choisissez une ligne' });
  const direction = number(question.direction_id);
  if (direction !== 0 && direction !== 1)
    problems.push({ field: 'direction_id', message: 'must be 0 or 1', fr: 'choisissez un sens' });
  const lat = number(question.lat);
  const lon = number(question.lon);
  if (!(Math.abs(lat) <= 90))
    problems.push({ field: 'lat', message: 'must be a latitude from -90 to 90', fr: 'latitude invalide' });
  if (!(Math.abs(lon) <= 180))
    problems.push({ field: 'lon', message: 'must be a longitude from -180 to 180', fr: 'longitude invalide' });
  let at = now;
  if (question.at !== undefined && question.at !== '') {
    at =
      typeof question.at === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(question.at) ? new Date(question.at) : new Date(Number.NaN);
    if (Number.isNaN(at.getTime()))
      problems.push({ field: 'at', message: 'must be an ISO 8601 date and time', fr: 'date et heure invalides' });
  }
  if (problems.length) throw new AppError('invalid_input', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  return { routeId, directionId: direction, lat, lon, at };
}

/**
 * « May I get off here? » for one line and direction of the tenant's active feed: the point snapped onto the
 * line, the stops around it and what the authority's rules say. Nothing about the asker is kept.
 */
export async function checkPoint(db: Kysely<DB>, tenant: Tenant, question: CheckQuestion, now: Date): Promise<CheckAnswer> {
  const asked = readQuestion(question, now);
  return withTenant(db, tenant.id, async (tx) => {
    const feed = await findActiveFeed(tx);
    if (!feed) throw new AppError('not_found', 'This transport authority has no night network yet');
    // The service day of a night runs past midnight: the asked date or the day before must be in service.
    const day = localDate(asked.at, tenant.time_zone);
    const dayBefore = localDate(new Date(asked.at.getTime() - 86_400_000), tenant.time_zone);
    if (day < feed.firstDate || dayBefore > feed.lastDate)
      throw new AppError('invalid_input', `at: outside the feed's service period (${feed.firstDate} to ${feed.lastDate})`, [
        {
          field: 'at',
          message: `outside the feed's service period (${feed.firstDate} to ${feed.lastDate})`,
          fr: `hors de la période du réseau (du ${feed.firstDate} au ${feed.lastDate})`,
        },
      ]);
    const geometry = await lineGeometry(tx, feed, asked.routeId, asked.directionId);
    const rules = await rulesFor(tx, { routeId: asked.routeId, directionId: asked.directionId }, tenant.time_zone);
    const settings = await readSettings(tx);
    return { ...checkDropOff(geometry, rules, asked), instructions: settings.instructions };
  });
}
