import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';
import type { Actor } from '../../../platform/access/actor.js';
import { isRole, type Role } from '../../../platform/access/roles.js';
import { AppError } from '../../../platform/errors.js';

export const isUuid = (text: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);

/** One answer for « no such group » and « not your group »: a non-member never learns that a group exists. */
export const groupNotFound = () => new AppError('not_found', 'Group not found');

/**
 * Lets work without a user (demo seed, purges run by the system) through the members-only policy of the group
 * tables for the rest of the transaction. Never called on a request's path: a signed-in user is always checked
 * against the members table by the database itself (quietude_group_reader in the migration).
 */
export async function actAsGroupSystem(tx: Tx): Promise<void> {
  await sql`SELECT set_config('quietude.group_system', 'on', true)`.execute(tx);
}

/**
 * The group, when the actor is one of its current members; else 404. The content tables are also protected by
 * the database (rows of groups the transaction's user is not a member of are invisible): this check is what
 * turns « nothing visible » into a clean 404 and covers the group row itself, which coordinators can list.
 */
export async function requireMembership(tx: Tx, actor: Actor, groupId: string) {
  if (!actor.userId || !isUuid(groupId)) throw groupNotFound();
  const group = await tx
    .selectFrom('coordination_groups as g')
    .innerJoin('coordination_group_members as m', (join) =>
      join
        .onRef('m.group_id', '=', 'g.id')
        .on('m.user_id', '=', actor.userId as string)
        .on('m.until', 'is', null),
    )
    .leftJoin('territories as t', 't.id', 'g.territory_id')
    .selectAll('g')
    .select('t.name as territory')
    .where('g.id', '=', groupId)
    .where(sql<boolean>`g.tenant_id = quietude_tenant()`)
    .executeTakeFirst();
  if (!group) throw groupNotFound();
  return group;
}

export type MemberGroup = Awaited<ReturnType<typeof requireMembership>>;

/** A closed group is kept for its members to read; nothing is added to it any more. */
export function requireOpen(group: MemberGroup): void {
  if (group.closed_at) throw new AppError('conflict', 'This group is closed');
}

/** The group's current members with their names, oldest first. */
export function currentMembers(tx: Tx, groupId: string) {
  return tx
    .selectFrom('coordination_group_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.id', 'm.user_id', 'u.display_name', 'm.since'])
    .where('m.group_id', '=', groupId)
    .where('m.until', 'is', null)
    .orderBy('m.since')
    .orderBy('u.display_name')
    .execute();
}

/** Whether a user is a current member of the group (owners of tasks, attendees must be). */
export async function isCurrentMember(tx: Tx, groupId: string, userId: string): Promise<boolean> {
  if (!isUuid(userId)) return false;
  const row = await tx
    .selectFrom('coordination_group_members')
    .select('id')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .where('until', 'is', null)
    .executeTakeFirst();
  return Boolean(row);
}

/**
 * The roles that may be named members: those the module grants `coordination.groups` (never a partner venue, a
 * funding member). Written out rather than read from the permissions, whose list imports every module (this one
 * included); a test checks that both agree.
 */
export const GROUP_MEMBER_ROLES: readonly Role[] = [
  'admin',
  'coordinator',
  'police_manager',
  'police_supervisor',
  'mediation_manager',
  'partner_organisation',
];
export const memberRoles = (): Role[] => [...GROUP_MEMBER_ROLES];

/** The tenant's users who may be named members, with the roles that allow it. */
export async function memberCandidates(tx: Tx) {
  const rows = await tx
    .selectFrom('memberships as ms')
    .innerJoin('users as u', 'u.id', 'ms.user_id')
    .select(['u.id', 'u.display_name', 'u.email', 'ms.role'])
    .where(sql<boolean>`ms.tenant_id = quietude_tenant()`)
    .where('ms.role', 'in', memberRoles())
    .where('u.active', '=', true)
    .orderBy('u.display_name')
    .execute();
  const byUser = new Map<string, { id: string; display_name: string; email: string; roles: Role[] }>();
  for (const row of rows) {
    const user = byUser.get(row.id) ?? { id: row.id, display_name: row.display_name, email: row.email, roles: [] };
    if (isRole(row.role)) user.roles.push(row.role);
    byUser.set(row.id, user);
  }
  return [...byUser.values()];
}

/** The groups the user is a current member of (the list page). */
export function myGroups(tx: Tx, userId: string) {
  return tx
    .selectFrom('coordination_groups as g')
    .innerJoin('coordination_group_members as m', 'm.group_id', 'g.id')
    .select(['g.id', 'g.name', 'g.kind', 'g.closed_at'])
    .where('m.user_id', '=', userId)
    .where('m.until', 'is', null)
    .where(sql<boolean>`g.tenant_id = quietude_tenant()`)
    .orderBy('g.closed_at', (o) => o.desc().nullsFirst())
    .orderBy('g.name')
    .execute();
}

/** Every group's name and current members, for those who administer groups (never their content). */
export async function groupsToAdminister(tx: Tx) {
  const groups = await tx
    .selectFrom('coordination_groups')
    .select(['id', 'name', 'closed_at'])
    .where(sql<boolean>`tenant_id = quietude_tenant()`)
    .orderBy('name')
    .execute();
  const members = await tx
    .selectFrom('coordination_group_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.group_id', 'm.user_id', 'u.display_name'])
    .where('m.until', 'is', null)
    .orderBy('u.display_name')
    .execute();
  return groups.map((g) => ({ ...g, members: members.filter((m) => m.group_id === g.id) }));
}

/** The group's row for those who administer groups (name and state only: never its content). */
export async function administeredGroup(tx: Tx, groupId: string) {
  const group = isUuid(groupId)
    ? await tx
        .selectFrom('coordination_groups')
        .select(['id', 'closed_at'])
        .where('id', '=', groupId)
        .where(sql<boolean>`tenant_id = quietude_tenant()`)
        .executeTakeFirst()
    : undefined;
  if (!group) throw groupNotFound();
  return group;
}
