import { defineOperation } from '../../../platform/access/operation.js';
import { AppError } from '../../../platform/errors.js';
import { localMoment } from '../../prevention/orders/order-time.js';
import { isUuid, requireMembership, requireOpen } from './group-access.js';
import { Problems } from './group-input.js';

/** The group stops following a place (it improved, or another group took it): the date it ends. Kept for reading. */
export const closePlace = defineOperation({
  name: 'coordination.close-group-place',
  permission: 'coordination.groups',
  async run({ tx, tenant, clock, actor, audit }, input: { groupId: string; placeId: string; closedOn: string }) {
    const group = await requireMembership(tx, actor, input.groupId);
    requireOpen(group);
    const place = isUuid(input.placeId)
      ? await tx
          .selectFrom('coordination_group_places')
          .select(['id', 'opened_on', 'closed_on'])
          .where('id', '=', input.placeId)
          .where('group_id', '=', group.id)
          .executeTakeFirst()
      : undefined;
    if (!place) throw new AppError('not_found', 'Place not found');
    if (place.closed_on) throw new AppError('conflict', 'This place is no longer followed');
    const problems = new Problems();
    const closedOn = problems.date('closedOn', input.closedOn);
    if (closedOn && closedOn < place.opened_on)
      problems.add('closedOn', 'must not be before the place was opened', 'ne peut précéder le début du suivi');
    if (closedOn && closedOn > localMoment(clock.now(), tenant.time_zone).date)
      problems.add('closedOn', 'must not be in the future', 'la date est dans le futur');
    problems.check();
    await tx.updateTable('coordination_group_places').set({ closed_on: closedOn }).where('id', '=', place.id).execute();
    audit({ entityType: 'coordination-group-place', entityId: place.id, fields: ['closed_on'] });
  },
});
