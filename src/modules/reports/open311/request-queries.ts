import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';
import { isClosed, type ReportStatus, reportStatuses } from '../tables.js';

export interface RequestFilter {
  /** Given ids override every other filter (the spec's rule). */
  ids?: string[];
  serviceCodes?: string[];
  status?: 'open' | 'closed';
  start: Date;
  end: Date;
  limit: number;
}

export interface PublicRequest {
  id: string;
  status: ReportStatus;
  serviceCode: string;
  serviceName: string;
  createdAt: Date;
  updatedAt: Date;
  /** Only what a moderator wrote for the public, never the reporter's own text. */
  publishedDescription: string | null;
  lat: number;
  lon: number;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reports as the public may see them: of public categories only (a private category is never named), not hidden by
 * moderation, newest first. No contact, no address, no reporter's text is selected at all.
 */
export async function listPublicRequests(tx: Tx, filter: RequestFilter): Promise<PublicRequest[]> {
  let query = tx
    .selectFrom('reports as r')
    .innerJoin('report_categories as c', 'c.id', 'r.category_id')
    .select([
      'r.id',
      'r.status',
      'c.code',
      'c.name_fr',
      'r.created_at',
      'r.updated_at',
      sql<string | null>`CASE WHEN r.moderation = 'published' THEN r.published_description END`.as('published_description'),
      sql<number>`ST_Y(r.geom)`.as('lat'),
      sql<number>`ST_X(r.geom)`.as('lon'),
    ])
    .where('c.visibility', '=', 'public')
    .where('r.moderation', '!=', 'hidden');
  if (filter.ids) {
    const ids = filter.ids.filter((id) => uuid.test(id));
    if (ids.length === 0) return [];
    query = query.where('r.id', 'in', ids);
  } else {
    query = query.where('r.created_at', '>=', filter.start).where('r.created_at', '<=', filter.end);
    if (filter.serviceCodes) query = query.where('c.code', 'in', filter.serviceCodes);
    if (filter.status) {
      const wanted = reportStatuses.filter((s) => isClosed(s) === (filter.status === 'closed'));
      query = query.where('r.status', 'in', wanted);
    }
  }
  const rows = await query.orderBy('r.created_at', 'desc').orderBy('r.id').limit(filter.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    serviceCode: r.code,
    serviceName: r.name_fr,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    publishedDescription: r.published_description,
    lat: r.lat,
    lon: r.lon,
  }));
}

export const isReportId = (id: string) => uuid.test(id);
