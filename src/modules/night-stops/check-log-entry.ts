import { AppError, type FieldProblem } from '../../platform/errors.js';
import { type RefusalReason, refusalReasons } from './tables.js';

/** The hour bands an operator may record: those starting from 18:00 to 05:00 the next morning (29 = 05:00–06:00). */
export const FIRST_BAND = 18;
export const LAST_BAND = 29;
export const logBands = Array.from({ length: LAST_BAND - FIRST_BAND + 1 }, (_, i) => FIRST_BAND + i);
/** More requests than this on one line in one hour is a typing slip, not a night. */
export const MAX_COUNT = 500;
export const MAX_LINE_LENGTH = 40;

/** One night's figures as typed: counts as text, so that a slip is named, not coerced. */
export interface LogEntryInput {
  routeId: string;
  serviceDate: string;
  hourBand: string;
  requests: string;
  granted: string;
  moved: string;
  refused: Partial<Record<RefusalReason, string>>;
}

export interface LogEntry {
  routeId: string;
  serviceDate: string;
  hourBand: number;
  requests: number;
  granted: number;
  moved: number;
  refused: Partial<Record<RefusalReason, number>>;
}

export const refusedField = (reason: RefusalReason) => `refused_${reason}`;

/**
 * Checks every field and names each one that is wrong (all at once, so that the operator fixes the
 * form in one go). `lines` is the active feed's routes, or null when no feed is active yet.
 */
export function checkLogEntry(input: LogEntryInput, context: { today: string; lines: string[] | null }): LogEntry {
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string, fr: string) => problems.push({ field, message, fr });

  const count = (field: string, raw: string | undefined, required: boolean): number => {
    const text = (raw ?? '').trim();
    if (text === '' && !required) return 0;
    if (!/^\d{1,6}$/.test(text)) {
      problem(field, 'must be a whole number, 0 or more', 'un nombre entier, 0 ou plus');
      return 0;
    }
    const n = Number(text);
    if (n > MAX_COUNT) problem(field, `must be at most ${MAX_COUNT}`, `au plus ${MAX_COUNT}`);
    return n;
  };

  const routeId = input.routeId.trim();
  if (routeId === '') problem('routeId', 'choose a line', 'choisissez une ligne');
  else if (context.lines && !context.lines.includes(routeId))
    problem('routeId', 'not a line of the active GTFS feed', 'ligne absente de l’offre GTFS en service');
  else if (!context.lines && routeId.length > MAX_LINE_LENGTH)
    problem('routeId', `at most ${MAX_LINE_LENGTH} characters`, `au plus ${MAX_LINE_LENGTH} caractères`);

  const serviceDate = input.serviceDate.trim();
  if (!isDate(serviceDate)) problem('serviceDate', 'must be a date (YYYY-MM-DD)', 'une date (AAAA-MM-JJ)');
  else if (serviceDate > context.today)
    problem('serviceDate', 'is in the future', 'date à venir : on enregistre une nuit de service commencée');

  const band = input.hourBand.trim();
  const hourBand = /^\d{1,2}$/.test(band) ? Number(band) : Number.NaN;
  if (!(hourBand >= FIRST_BAND && hourBand <= LAST_BAND))
    problem(
      'hourBand',
      'must be an hour band starting between 18:00 and 05:00 the next morning (18 to 29)',
      'choisissez une tranche horaire commençant entre 18 h et 5 h du matin',
    );

  const requests = count('requests', input.requests, true);
  const granted = count('granted', input.granted, false);
  const moved = count('moved', input.moved, false);
  const refused: Partial<Record<RefusalReason, number>> = {};
  for (const reason of refusalReasons) {
    const n = count(refusedField(reason), input.refused[reason], false);
    if (n > 0) refused[reason] = n;
  }

  // Only worth saying when each number was read: otherwise the sum would blame the wrong field.
  if (problems.length === 0) {
    const refusedTotal = Object.values(refused).reduce((a, b) => a + b, 0);
    if (granted + moved + refusedTotal !== requests)
      problem(
        'requests',
        `${requests} requests, but granted ${granted} + moved ${moved} + refused ${refusedTotal} = ${granted + moved + refusedTotal}`,
        `${requests} demandes, mais ${granted} accordées + ${moved} déplacées + ${refusedTotal} refusées = ${granted + moved + refusedTotal} : les nombres ne concordent pas`,
      );
  }
  if (problems.length > 0)
    throw new AppError('invalid_input', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  return { routeId, serviceDate, hourBand, requests, granted, moved, refused };
}

function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T12:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
