import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';
import { mine } from './council-input.js';

/** The council's members with their organisation's name, current ones first. */
export const listMembers = (tx: Tx) =>
  tx
    .selectFrom('coordination_council_members as m')
    .leftJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select([
      'm.id',
      'm.council_role',
      'm.person_name',
      'm.person_function',
      'm.user_id',
      'm.from_on',
      'm.until_on',
      'o.name as organisation',
    ])
    .orderBy(sql`m.until_on IS NOT NULL`)
    .orderBy(
      sql`CASE m.council_role WHEN 'president' THEN 0 WHEN 'prefect' THEN 1 WHEN 'prosecutor' THEN 2 WHEN 'member' THEN 3 ELSE 4 END`,
    )
    .orderBy('o.name')
    .orderBy('m.person_name')
    .execute();

export type MemberRow = Awaited<ReturnType<typeof listMembers>>[number];

/** How a member is named: the person and their function, and/or the organisation. */
export const memberName = (m: Pick<MemberRow, 'person_name' | 'person_function' | 'organisation'>) =>
  [m.person_name, m.person_function, m.organisation].filter(Boolean).join(', ');

export const listSessions = (tx: Tx) =>
  tx
    .selectFrom('coordination_sessions')
    .select(['id', 'kind', 'title', 'starts_at', 'ends_at', 'place', 'minutes_published'])
    .orderBy('starts_at', 'desc')
    .execute();

export async function loadSession(tx: Tx, id: string) {
  const session = await tx.selectFrom('coordination_sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!session) return undefined;
  const attendance = await tx
    .selectFrom('coordination_session_attendance')
    .select(['member_id', 'presence'])
    .where('session_id', '=', id)
    .execute();
  const hasPdf =
    (await tx
      .selectFrom('coordination_session_minutes_pdfs')
      .select('session_id')
      .where('session_id', '=', id)
      .executeTakeFirst()) !== undefined;
  const decisions = await tx
    .selectFrom('coordination_decisions as d')
    .leftJoin('coordination_action_sheets as a', 'a.id', 'd.action_sheet_id')
    .select(['d.id', 'd.text', 'd.action_sheet_id', 'a.title as sheet_title'])
    .where('d.session_id', '=', id)
    .orderBy('d.created_at')
    .orderBy('d.id')
    .execute();
  const tasks = decisions.length
    ? await tx
        .selectFrom('coordination_tasks as t')
        .innerJoin('users as u', 'u.id', 't.owner_user_id')
        .select(['t.id', 't.title', 't.due_on', 't.state', 't.decision_id', 'u.display_name as owner'])
        .where(
          't.decision_id',
          'in',
          decisions.map((d) => d.id),
        )
        .orderBy('t.due_on')
        .execute()
    : [];
  return { session, attendance, hasPdf, decisions, tasks };
}

/** The tenant's staff, to choose a task's owner or a member's account. */
export const staffChoices = (tx: Tx) =>
  tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.display_name', 'u.email'])
    .where(sql<boolean>`m.tenant_id = quietude_tenant()`)
    .where('u.active', '=', true)
    .distinct()
    .orderBy('u.display_name')
    .execute();

/** The organisations linked to the tenant (members, partners, operators). */
export const organisationChoices = (tx: Tx) =>
  tx
    .selectFrom('tenant_organisations as l')
    .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
    .select(['o.id', 'o.name'])
    .where(sql<boolean>`l.tenant_id = quietude_tenant()`)
    .orderBy('o.name')
    .execute();

/** The tenant's territories (communes, quartiers, QPV…). */
export const territoryChoices = (tx: Tx) =>
  tx.selectFrom('territories').select(['id', 'kind', 'code', 'name']).where(mine).orderBy('kind').orderBy('name').execute();
