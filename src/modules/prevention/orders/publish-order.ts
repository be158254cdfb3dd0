import { defineOperation } from '../../../platform/access/operation.js';
import { AppError, invalidInput } from '../../../platform/errors.js';
import { isDate } from './order-input.js';
import { localMoment } from './order-time.js';
import { lockOrder } from './order-writes.js';

/**
 * Publishes an order on a date (default: today in the tenant's zone): from that day it applies. It needs
 * its published PDF (the authoritative text), a date not before the signature and not in the future.
 */
export const publishOrder = defineOperation({
  name: 'prevention.publish-order',
  permission: 'prevention.orders',
  async run({ tx, tenant, clock, audit }, input: { id: string; publishedOn?: string }) {
    const order = await lockOrder(tx, input.id);
    if (order.published_on !== null) throw new AppError('conflict', 'This order is already published');
    const today = localMoment(clock.now(), tenant.time_zone).date;
    const publishedOn = (input.publishedOn ?? '').trim() || today;
    if (!isDate(publishedOn)) throw invalidInput('publishedOn', 'must be a date YYYY-MM-DD', 'une date (AAAA-MM-JJ)');
    if (publishedOn < order.signed_on)
      throw invalidInput('publishedOn', 'must not be before the signature', 'la publication précède la signature');
    if (publishedOn > today) throw invalidInput('publishedOn', 'must not be in the future', 'la date est dans le futur');
    const pdf = await tx
      .selectFrom('prevention_order_pdfs')
      .select('order_id')
      .where('order_id', '=', order.id)
      .executeTakeFirst();
    if (!pdf) throw invalidInput('pdf', 'attach the published PDF before publishing', 'joignez le PDF publié avant de publier');
    await tx
      .updateTable('prevention_orders')
      .set({ published_on: publishedOn, updated_at: clock.now() })
      .where('id', '=', order.id)
      .execute();
    audit({ entityType: 'prevention-order', entityId: order.id, fields: ['published_on'] });
  },
});

/** Withdraws a published order from a date (default today): it no longer applies from that day. */
export const withdrawOrder = defineOperation({
  name: 'prevention.withdraw-order',
  permission: 'prevention.orders',
  async run({ tx, tenant, clock, audit }, input: { id: string; withdrawnOn?: string }) {
    const order = await lockOrder(tx, input.id);
    if (order.published_on === null)
      throw invalidInput('id', 'only a published order can be withdrawn', 'seul un arrêté publié peut être abrogé');
    if (order.withdrawn_on !== null) throw new AppError('conflict', 'This order is already withdrawn');
    const withdrawnOn = (input.withdrawnOn ?? '').trim() || localMoment(clock.now(), tenant.time_zone).date;
    if (!isDate(withdrawnOn)) throw invalidInput('withdrawnOn', 'must be a date YYYY-MM-DD', 'une date (AAAA-MM-JJ)');
    if (withdrawnOn < order.published_on)
      throw invalidInput('withdrawnOn', 'must not be before the publication', 'avant la publication');
    await tx
      .updateTable('prevention_orders')
      .set({ withdrawn_on: withdrawnOn, updated_at: clock.now() })
      .where('id', '=', order.id)
      .execute();
    audit({ entityType: 'prevention-order', entityId: order.id, fields: ['withdrawn_on'] });
  },
});
