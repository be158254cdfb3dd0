import { sql } from 'kysely';
import { defineOperation } from '../../../platform/access/operation.js';
import { AppError } from '../../../platform/errors.js';
import { administeredGroup, isCurrentMember, isUuid, memberRoles } from './group-access.js';

/**
 * A coordinator names a member: a user of the tenant holding a role that may take part in groups (police
 * managers and supervisors, mediation managers, partner organisations, coordinators, admins) — never a partner
 * venue or a funding member. Access follows at once: the database reads membership on every query.
 */
export const nameMember = defineOperation({
  name: 'coordination.name-group-member',
  permission: 'coordination.manage',
  async run({ tx, tenant, clock, actor, audit }, input: { groupId: string; userId: string }) {
    const group = await administeredGroup(tx, input.groupId);
    if (group.closed_at) throw new AppError('conflict', 'This group is closed');
    const userId = input.userId.trim();
    const eligible =
      isUuid(userId) &&
      (await tx
        .selectFrom('memberships')
        .select('id')
        .where('user_id', '=', userId)
        .where('role', 'in', memberRoles())
        .where(sql<boolean>`tenant_id = quietude_tenant()`)
        .executeTakeFirst());
    if (!eligible)
      throw new AppError('invalid_input', 'userId: may not take part in working groups', [
        {
          field: 'userId',
          message: 'must be a staff member whose role takes part in working groups',
          fr: 'personne dont le rôle ne permet pas de participer aux groupes de travail',
        },
      ]);
    if (await isCurrentMember(tx, group.id, userId))
      throw new AppError('invalid_input', 'userId: already a member', [
        { field: 'userId', message: 'is already a member', fr: 'est déjà membre' },
      ]);
    const row = await tx
      .insertInto('coordination_group_members')
      .values({
        tenant_id: tenant.id,
        group_id: group.id,
        user_id: userId,
        since: clock.now(),
        until: null,
        added_by: actor.label,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({ entityType: 'coordination-group-member', entityId: row.id, fields: ['group', 'user', 'since'] });
    return row;
  },
});
