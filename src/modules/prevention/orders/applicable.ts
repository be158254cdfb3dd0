import { AppError, type FieldProblem } from '../../../platform/errors.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import type { IndexedOrder, OrderIndex } from './order-index.js';
import { hoursText } from './order-time.js';

/** Said with every answer: the perimeter and summary only help, the published text decides. */
export const NOTICE = 'Seul le texte publié fait foi. Only the published text is authoritative.';

export interface ApplicableQuestion {
  lat: number;
  lon: number;
  at: Date;
  orderId?: string;
}

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** Reads lat, lon, at (default now) and an optional order_id from a JSON body or a form; names each wrong field. */
export function readApplicableQuestion(raw: Record<string, unknown>, now: Date): ApplicableQuestion {
  const problems: FieldProblem[] = [];
  const number = (field: 'lat' | 'lon', max: number, fr: string) => {
    const value = raw[field];
    if (isBlank(value)) {
      problems.push({ field, message: 'is required', fr: `${fr} manquante` });
      return Number.NaN;
    }
    const n = typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
    if (!Number.isFinite(n) || Math.abs(n) > max)
      problems.push({ field, message: `must be a number from -${max} to ${max}`, fr: `${fr} invalide` });
    return n;
  };
  const lat = number('lat', 90, 'latitude');
  const lon = number('lon', 180, 'longitude');
  let at = now;
  if (!isBlank(raw.at)) {
    const text = String(raw.at);
    // A date-time with its offset (or Z): a bare local time would be read in the server's zone.
    at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) ? new Date(text) : new Date(Number.NaN);
    if (Number.isNaN(at.getTime()))
      problems.push({
        field: 'at',
        message: 'must be an ISO 8601 date-time with its offset, such as 2026-11-27T23:00:00+01:00',
        fr: 'date et heure invalides',
      });
  }
  const orderId = isBlank(raw.order_id) ? undefined : String(raw.order_id);
  if (problems.length) throw new AppError('invalid_input', problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);
  return { lat, lon, at, orderId };
}

export interface ApplicableAnswer {
  prohibited: boolean;
  orders: IndexedOrder[];
}

/** The orders applying at this point and moment (only `orderId`'s, when asked about one published order). */
export async function answerApplicable(
  index: OrderIndex,
  tenant: Tenant,
  question: ApplicableQuestion,
): Promise<ApplicableAnswer> {
  if (question.orderId !== undefined && !(await index.find(tenant.id, question.orderId)))
    throw new AppError('invalid_input', 'order_id: not a published order of this local authority', [
      { field: 'order_id', message: 'is not a published order of this local authority', fr: 'cet arrêté n’est pas publié' },
    ]);
  let orders = await index.applicable(tenant.id, tenant.time_zone, question.lat, question.lon, question.at);
  if (question.orderId !== undefined) orders = orders.filter((o) => o.id === question.orderId);
  return { prohibited: orders.length > 0, orders };
}

export const pdfPath = (slug: string, id: string) => `/t/${slug}/arretes/${id}.pdf`;

/** One order as the API shows it. */
export function orderJson(order: IndexedOrder, slug: string, publicUrl: string) {
  return {
    id: order.id,
    number: order.number,
    title: order.title,
    author: order.author,
    subject: order.subject,
    prohibitions: order.prohibitions,
    hours: hoursText(order.rule),
    valid_until: order.valid_until,
    summary: { fr: order.summary_fr, en: order.summary_en || order.summary_fr },
    pdf_url: order.has_pdf ? `${publicUrl.replace(/\/$/, '')}${pdfPath(slug, order.id)}` : null,
  };
}
