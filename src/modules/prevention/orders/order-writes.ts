import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';
import { AppError, invalidInput } from '../../../platform/errors.js';
import type { OrderValues } from './order-input.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The order's row in this tenant (the transaction's), or 404: another tenant's order does not exist here. */
export async function lockOrder(tx: Tx, id: string) {
  const row = UUID.test(id)
    ? await tx
        .selectFrom('prevention_orders')
        .select(['id', 'number', 'signed_on', 'published_on', 'withdrawn_on'])
        .where('id', '=', id)
        .where('tenant_id', '=', sql<string>`quietude_tenant()`)
        .forUpdate()
        .executeTakeFirst()
    : undefined;
  if (!row) throw new AppError('not_found', 'Order not found');
  return row;
}

/** The stored columns of checked values. */
export function orderColumns(values: OrderValues) {
  return {
    number: values.number,
    title: values.title,
    author: values.author,
    subject: values.subject,
    prohibitions: values.prohibitions,
    summary_fr: values.summaryFr,
    summary_en: values.summaryEn,
    signed_on: values.signedOn,
    sent_to_prefect_on: values.sentToPrefectOn,
    valid_from: values.validFrom,
    valid_until: values.validUntil,
    hours_start: values.hoursStart,
    hours_end: values.hoursEnd,
    days: values.days,
    perimeter: values.perimeter ? sql`ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(values.perimeter)}), 4326))` : null,
  };
}

/** Refuses a number another order of the tenant already has (a 400 on the field, not a database error). */
export async function checkNumberFree(tx: Tx, number: string, exceptId?: string) {
  let query = tx
    .selectFrom('prevention_orders')
    .select('id')
    .where('tenant_id', '=', sql<string>`quietude_tenant()`)
    .where('number', '=', number);
  if (exceptId) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst())
    throw invalidInput('number', 'another order already has this number', 'un autre arrêté porte déjà ce numéro');
}

/** Stores (or replaces) the order's published PDF. */
export async function storePdf(tx: Tx, tenantId: string, orderId: string, content: Buffer, now: Date) {
  await tx
    .insertInto('prevention_order_pdfs')
    .values({ order_id: orderId, tenant_id: tenantId, content, uploaded_at: now })
    .onConflict((oc) => oc.column('order_id').doUpdateSet({ content, uploaded_at: now }))
    .execute();
}
