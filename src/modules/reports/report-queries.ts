import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { Actor } from '../../platform/access/actor.js';
import { inReach, reportsReach } from './report-access.js';
import { type ReportStatus, reportStatuses } from './tables.js';

export const PAGE_SIZE = 50;

export interface ReportFilters {
  status?: string;
  category?: string;
  /** YYYY-MM-DD, in the tenant's zone, both included. */
  from?: string;
  to?: string;
  page?: number;
}

const isDate = (value: string | undefined): value is string => Boolean(value && /^\d{4}-\d{2}-\d{2}$/.test(value));

/** The staff list: what the actor may see, filtered, newest first, a page of 50 — never the contact. */
export async function listReports(tx: Tx, actor: Actor, filters: ReportFilters, timeZone: string) {
  let query = tx
    .selectFrom('reports as r')
    .innerJoin('report_categories as c', 'c.id', 'r.category_id')
    .leftJoin('territories as t', 't.id', 'r.territory_id')
    .leftJoin('organisations as o', 'o.id', 'r.organisation_id')
    .select([
      'r.id',
      'r.status',
      'r.created_at',
      'r.duplicate_of',
      'c.name_fr as category_fr',
      'c.name_en as category_en',
      't.name as territory',
      'o.name as organisation',
      sql<number>`ST_Y(r.geom)`.as('lat'),
      sql<number>`ST_X(r.geom)`.as('lon'),
    ])
    .where(inReach(reportsReach(actor)));
  if (filters.status && (reportStatuses as readonly string[]).includes(filters.status))
    query = query.where('r.status', '=', filters.status as ReportStatus);
  if (filters.category) query = query.where('c.code', '=', filters.category);
  if (isDate(filters.from))
    query = query.where(sql<boolean>`r.created_at >= (${filters.from}::date::timestamp AT TIME ZONE ${timeZone})`);
  if (isDate(filters.to))
    query = query.where(sql<boolean>`r.created_at < ((${filters.to}::date + 1)::timestamp AT TIME ZONE ${timeZone})`);
  const page = Math.max(1, Math.floor(filters.page ?? 1));
  const rows = await query
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id')
    .limit(PAGE_SIZE + 1)
    .offset((page - 1) * PAGE_SIZE)
    .execute();
  return { rows: rows.slice(0, PAGE_SIZE), page, hasMore: rows.length > PAGE_SIZE };
}

/** Open reports of the tenant within 200 m of this one, within the actor's reach: likely duplicates. */
export async function nearbyOpenReports(tx: Tx, actor: Actor, reportId: string) {
  return tx
    .selectFrom('reports as r')
    .innerJoin('reports as here', (join) => join.on('here.id', '=', reportId))
    .innerJoin('report_categories as c', 'c.id', 'r.category_id')
    .select([
      'r.id',
      'r.status',
      'r.created_at',
      'c.name_fr as category_fr',
      'c.name_en as category_en',
      sql<number>`round(ST_Distance(r.geom::geography, here.geom::geography))`.as('metres'),
    ])
    .where('r.id', '!=', reportId)
    .where('r.status', 'not in', ['resolved', 'closed', 'rejected'])
    .where('r.duplicate_of', 'is', null)
    .where(sql<boolean>`ST_DWithin(r.geom::geography, here.geom::geography, 200)`)
    .where(inReach(reportsReach(actor)))
    .orderBy('metres')
    .limit(20)
    .execute();
}

/** A photo of a report, for the permission-checked photo route (the caller checked the report's reach). */
export async function readPhoto(tx: Tx, reportId: string, photoId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(photoId)) return undefined;
  return tx
    .selectFrom('report_photos')
    .select('content')
    .where('id', '=', photoId)
    .where('report_id', '=', reportId)
    .executeTakeFirst();
}
