import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';
import type { OrderAuthor, OrderProhibition, OrderSubject } from './tables.js';

const tenantOnly = sql<boolean>`tenant_id = quietude_tenant()`;

/** What the index and the public page need of a published order (withdrawn ones too: the rule says until when). */
export interface PublishedOrderRow {
  id: string;
  number: string;
  title: string;
  author: OrderAuthor;
  subject: OrderSubject;
  prohibitions: OrderProhibition[];
  summary_fr: string;
  summary_en: string;
  published_on: string;
  withdrawn_on: string | null;
  valid_from: string;
  valid_until: string | null;
  hours_start: number | null;
  hours_end: number | null;
  days: boolean[];
  /** GeoJSON text of the MultiPolygon; null: the whole territory. */
  perimeter: string | null;
  has_pdf: boolean;
}

/** The tenant's published orders (inside its transaction). */
export function listPublishedOrders(tx: Tx): Promise<PublishedOrderRow[]> {
  return tx
    .selectFrom('prevention_orders as o')
    .select([
      'o.id',
      'o.number',
      'o.title',
      'o.author',
      'o.subject',
      'o.prohibitions',
      'o.summary_fr',
      'o.summary_en',
      sql<string>`o.published_on`.as('published_on'),
      'o.withdrawn_on',
      'o.valid_from',
      'o.valid_until',
      'o.hours_start',
      'o.hours_end',
      'o.days',
      sql<string | null>`ST_AsGeoJSON(o.perimeter)`.as('perimeter'),
      sql<boolean>`EXISTS (SELECT 1 FROM prevention_order_pdfs p WHERE p.order_id = o.id)`.as('has_pdf'),
    ])
    .where(sql<boolean>`o.tenant_id = quietude_tenant()`)
    .where('o.published_on', 'is not', null)
    .orderBy('o.author', 'desc')
    .orderBy('o.valid_from', 'desc')
    .orderBy('o.number')
    .execute();
}

/**
 * The tenant's own outline (its communes; else all its territories), where an order « on the whole
 * territory » applies; null when the tenant has none (then such an order applies wherever asked).
 */
export async function tenantOutline(tx: Tx): Promise<string | null> {
  const row = await tx
    .selectFrom('territories')
    .select(sql<string | null>`ST_AsGeoJSON(ST_Multi(ST_Union(geom) FILTER (WHERE kind = 'commune')))`.as('communes'))
    .select(sql<string | null>`ST_AsGeoJSON(ST_Multi(ST_Union(geom)))`.as('all'))
    .where(tenantOnly)
    .executeTakeFirst();
  return row?.communes ?? row?.all ?? null;
}

/** Changes whenever an order of the tenant is added, edited, published or withdrawn: other instances compare it. */
export async function ordersStamp(tx: Tx): Promise<string> {
  const row = await tx
    .selectFrom('prevention_orders')
    .select(sql<string>`count(*) || '/' || coalesce(max(updated_at)::text, '')`.as('stamp'))
    .where(tenantOnly)
    .executeTakeFirstOrThrow();
  return row.stamp;
}

/** Every order of the tenant, for the staff list. */
export function listStaffOrders(tx: Tx) {
  return tx
    .selectFrom('prevention_orders as o')
    .select([
      'o.id',
      'o.number',
      'o.title',
      'o.author',
      'o.subject',
      'o.signed_on',
      'o.published_on',
      'o.withdrawn_on',
      'o.valid_from',
      'o.valid_until',
      'o.sent_to_prefect_on',
      'o.is_demo',
      sql<boolean>`EXISTS (SELECT 1 FROM prevention_order_pdfs p WHERE p.order_id = o.id)`.as('has_pdf'),
    ])
    .where(sql<boolean>`o.tenant_id = quietude_tenant()`)
    .orderBy('o.signed_on', 'desc')
    .orderBy('o.number')
    .execute();
}

/** One order with everything the edit form shows. */
export async function findOrder(tx: Tx, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return tx
    .selectFrom('prevention_orders')
    .selectAll()
    .select(sql<string | null>`ST_AsGeoJSON(perimeter)`.as('perimeter_json'))
    .where(tenantOnly)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The PDF of a published order (drafts' files are not public). */
export async function readPublishedPdf(tx: Tx, id: string): Promise<Buffer | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const row = await tx
    .selectFrom('prevention_order_pdfs as p')
    .innerJoin('prevention_orders as o', 'o.id', 'p.order_id')
    .select('p.content')
    .where(sql<boolean>`o.tenant_id = quietude_tenant()`)
    .where('o.id', '=', id)
    .where('o.published_on', 'is not', null)
    .executeTakeFirst();
  return row?.content;
}
