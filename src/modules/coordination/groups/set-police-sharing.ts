import { defineOperation } from '../../../platform/access/operation.js';
import { AppError } from '../../../platform/errors.js';
import { requireMembership, requireOpen } from './group-access.js';

/**
 * Whether the municipal police's main courante feeds the group's map (counts per place and month only). Police
 * data reaches partners only where the police agree to it (DESIGN.md): only a police manager or supervisor who
 * validates the main courante (`police.validate`), and who is a member of the group, decides it — not the
 * coordinator who runs the group.
 */
export const setPoliceSharing = defineOperation({
  name: 'coordination.set-group-police-sharing',
  permission: 'police.validate',
  async run({ tx, tenant, actor, audit }, input: { groupId: string; share: boolean }) {
    const group = await requireMembership(tx, actor, input.groupId);
    requireOpen(group);
    if (!tenant.programmes.includes('police')) throw new AppError('not_found', 'No municipal police here');
    await tx.updateTable('coordination_groups').set({ shares_police_data: input.share }).where('id', '=', group.id).execute();
    audit({ entityType: 'coordination-group', entityId: group.id, fields: ['shares_police_data'] });
  },
});
