import { defineOperation } from '../../../platform/access/operation.js';
import { AppError } from '../../../platform/errors.js';
import { administeredGroup, isUuid } from './group-access.js';

/** A coordinator ends a membership: the person loses access to the group's content with the next query. */
export const removeMember = defineOperation({
  name: 'coordination.remove-group-member',
  permission: 'coordination.manage',
  async run({ tx, clock, audit }, input: { groupId: string; userId: string }) {
    const group = await administeredGroup(tx, input.groupId);
    const ended = await tx
      .updateTable('coordination_group_members')
      .set({ until: clock.now() })
      .where('group_id', '=', group.id)
      .where('user_id', '=', isUuid(input.userId) ? input.userId : '00000000-0000-0000-0000-000000000000')
      .where('until', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!ended) throw new AppError('not_found', 'Member not found');
    audit({ entityType: 'coordination-group-member', entityId: ended.id, fields: ['until'] });
  },
});
