import { AppError, type FieldProblem } from '../../../platform/errors.js';
import { storableText } from '../storable-text.js';
import type { RequestFilter } from './request-queries.js';

/** The spec's default window and cap. */
export const DEFAULT_SPAN_DAYS = 90;
export const MAX_REQUESTS = 1000;

// ISO 8601 as the spec (the W3C note) writes it: a date, or a date and time with Z or an offset.
const isoDate = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** GET requests' parameters as a filter; bad values are named (all at once) and nothing is read. */
export function parseRequestQuery(query: Record<string, string | undefined>, now: Date): RequestFilter {
  const problems: FieldProblem[] = [];
  for (const [field, value] of Object.entries(query))
    if (typeof value === 'string' && !storableText(value)) problems.push({ field, message: 'holds malformed text' });
  const date = (field: 'start_date' | 'end_date') => {
    const value = query[field]?.trim();
    if (!value) return undefined;
    const parsed = isoDate.test(value) ? new Date(value) : undefined;
    if (!parsed || Number.isNaN(parsed.getTime())) {
      problems.push({ field, message: 'must be an ISO 8601 date, or date and time with Z or an offset' });
      return undefined;
    }
    return parsed;
  };
  let start = date('start_date');
  let end = date('end_date');
  const span = DEFAULT_SPAN_DAYS * 86_400_000;
  if (!start && !end) [start, end] = [new Date(now.getTime() - span), now];
  else if (!start && end) start = new Date(end.getTime() - span);
  else if (start && !end) end = now;
  if (start && end && start > end) problems.push({ field: 'start_date', message: 'must be before end_date' });
  const status = query.status?.trim().toLowerCase();
  const statuses = status ? [...new Set(list(status))] : [];
  if (statuses.some((s) => s !== 'open' && s !== 'closed')) problems.push({ field: 'status', message: 'must be open or closed' });
  if (problems.length) throw new AppError('invalid_input', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  const ids = query.service_request_id ? list(query.service_request_id).slice(0, MAX_REQUESTS) : undefined;
  const codes = query.service_code ? list(query.service_code) : undefined;
  return {
    ...(ids?.length ? { ids } : {}),
    ...(codes?.length ? { serviceCodes: codes } : {}),
    // open,closed is every state: no filter.
    ...(statuses.length === 1 ? { status: statuses[0] as 'open' | 'closed' } : {}),
    start: start as Date,
    end: end as Date,
    limit: MAX_REQUESTS,
  };
}
