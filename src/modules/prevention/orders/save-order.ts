import { defineOperation } from '../../../platform/access/operation.js';
import { AppError } from '../../../platform/errors.js';
import { checkPdf, type OrderInput, readOrderInput } from './order-input.js';
import { checkNumberFree, lockOrder, orderColumns, storePdf } from './order-writes.js';

/**
 * Adds an order, or edits one not yet published (a published order is changed by another order: withdraw
 * it and publish the new one). Every field is checked before anything is written; the PDF, when given,
 * is checked too and stored in the same transaction.
 */
export const saveOrder = defineOperation({
  name: 'prevention.save-order',
  permission: 'prevention.orders',
  async run({ tx, tenant, clock, audit }, input: OrderInput & { id?: string; pdf?: Buffer }) {
    const values = readOrderInput(input);
    const pdf = input.pdf && input.pdf.length > 0 ? checkPdf(input.pdf) : undefined;
    const now = clock.now();
    let id = input.id;
    if (id) {
      const existing = await lockOrder(tx, id);
      if (existing.published_on !== null)
        throw new AppError('conflict', 'A published order cannot be edited: withdraw it and publish a new one');
      await checkNumberFree(tx, values.number, id);
      await tx
        .updateTable('prevention_orders')
        .set({ ...orderColumns(values), updated_at: now })
        .where('id', '=', id)
        .execute();
    } else {
      await checkNumberFree(tx, values.number);
      const row = await tx
        .insertInto('prevention_orders')
        .values({ tenant_id: tenant.id, ...orderColumns(values), created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = row.id;
    }
    if (pdf) await storePdf(tx, tenant.id, id, pdf, now);
    audit({
      entityType: 'prevention-order',
      entityId: id,
      fields: [...Object.keys(orderColumns(values)), ...(pdf ? ['pdf'] : [])],
    });
    return { id };
  },
});
