import { defineOperation } from '../access/operation.js';
import { isRole } from '../access/roles.js';
import { AppError, invalidInput, notFound } from '../errors.js';
import { requireOwnTerritory } from '../territories/territory-queries.js';
import { checkEmail, findOrCreateUser } from './user-queries.js';

export interface RoleInput {
  userId: string;
  role: string;
  territoryId?: string | null;
}

/** Gives a role (optionally limited to a territory) to someone who already is a member. */
export const assignRole = defineOperation({
  name: 'platform.assign-role',
  permission: 'platform.users-manage',
  async run({ tx, tenant, audit }, input: RoleInput) {
    if (!isRole(input.role)) throw invalidInput('role', 'is not a known role', 'n’est pas un rôle connu');
    const member = await tx
      .selectFrom('memberships')
      .select('id')
      .where('user_id', '=', input.userId)
      .where('tenant_id', '=', tenant.id)
      .executeTakeFirst();
    if (!member) throw notFound('User');
    if (input.territoryId) await requireOwnTerritory(tx, input.territoryId);
    const row = await tx
      .insertInto('memberships')
      .values({
        tenant_id: tenant.id,
        user_id: input.userId,
        role: input.role,
        territory_id: input.territoryId ?? null,
        organisation_id: null,
        working_group_id: null,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    audit({ entityType: 'membership', entityId: row?.id ?? null, fields: ['role', 'territory_id'] });
  },
});

export const removeRole = defineOperation({
  name: 'platform.remove-role',
  permission: 'platform.users-manage',
  async run({ tx, actor, audit }, membershipId: string) {
    const membership = await tx
      .selectFrom('memberships')
      .select(['id', 'user_id', 'role'])
      .where('id', '=', membershipId)
      .executeTakeFirst();
    if (!membership) throw notFound('Role');
    if (membership.user_id === actor.userId && membership.role === 'admin') {
      throw new AppError('invalid_input', 'You cannot remove your own administrator role; ask another administrator.');
    }
    await tx.deleteFrom('memberships').where('id', '=', membershipId).execute();
    audit({ entityType: 'membership', entityId: membershipId, fields: ['role'] });
  },
});

/**
 * Someone who leaves: every role of theirs in this tenant removed, and their
 * sessions ended at once (roles held in other tenants are those tenants' call).
 */
export const deactivateMember = defineOperation({
  name: 'platform.deactivate-member',
  permission: 'platform.users-manage',
  async run({ tx, clock, actor, audit }, userId: string) {
    if (userId === actor.userId) throw new AppError('invalid_input', 'You cannot deactivate your own account.');
    const removed = await tx.deleteFrom('memberships').where('user_id', '=', userId).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw notFound('User');
    await tx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await tx.insertInto('security_events').values({ at: clock.now(), user_id: userId, kind: 'sessions_ended' }).execute();
    audit({ entityType: 'user', entityId: userId, fields: ['memberships', 'sessions'] });
  },
});

/** First administrator of a tenant (CLI), or another one. */
export const createAdmin = defineOperation({
  name: 'platform.create-admin',
  permission: 'platform.users-manage',
  async run({ tx, tenant, audit }, input: { email: string; displayName?: string }) {
    const email = checkEmail(input.email);
    const user = await findOrCreateUser(tx, email, input.displayName ?? email.split('@')[0] ?? email);
    await tx
      .insertInto('memberships')
      .values({
        tenant_id: tenant.id,
        user_id: user.id,
        role: 'admin',
        territory_id: null,
        organisation_id: null,
        working_group_id: null,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    audit({ entityType: 'user', entityId: user.id, fields: user.created ? ['email', 'display_name', 'role'] : ['role'] });
    return user;
  },
});
