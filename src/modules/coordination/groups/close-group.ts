import { defineOperation } from '../../../platform/access/operation.js';
import { AppError } from '../../../platform/errors.js';
import { administeredGroup } from './group-access.js';

/** A coordinator closes a group: its members keep reading it, nothing is added any more. */
export const closeGroup = defineOperation({
  name: 'coordination.close-group',
  permission: 'coordination.manage',
  async run({ tx, clock, audit }, input: { groupId: string }) {
    const group = await administeredGroup(tx, input.groupId);
    if (group.closed_at) throw new AppError('conflict', 'This group is already closed');
    await tx.updateTable('coordination_groups').set({ closed_at: clock.now() }).where('id', '=', group.id).execute();
    audit({ entityType: 'coordination-group', entityId: group.id, fields: ['closed_at'] });
  },
});
