import type { Tx } from '../../db/database.js';
import { type Actor, can } from '../../platform/access/actor.js';
import { notFound } from '../../platform/errors.js';

/** Which teams' records an actor reaches: all of them, or those of the teams they belong to. */
export interface MediationViewer {
  all: boolean;
  teamIds: ReadonlySet<string>;
}

/**
 * A mediator reaches their teams' records; a manager the teams they manage (and those they work in); a
 * manager of no team in particular (the GIP's head of mediation, an administrator) and the system reach
 * every team. A funding member reaches no individual record (aggregates only). API tokens have no user:
 * one with `mediation.manage` reaches every team, one with `mediation.field` alone none.
 */
export async function mediationViewer(tx: Tx, actor: Actor): Promise<MediationViewer> {
  if (actor.kind === 'system') return { all: true, teamIds: new Set() };
  const rows = actor.userId
    ? await tx.selectFrom('mediation_team_members').select(['team_id', 'role']).where('user_id', '=', actor.userId).execute()
    : [];
  if (can(actor, 'mediation.manage') && !rows.some((r) => r.role === 'manager')) return { all: true, teamIds: new Set() };
  if (!can(actor, 'mediation.field') && !can(actor, 'mediation.manage')) return { all: false, teamIds: new Set() };
  return { all: false, teamIds: new Set(rows.map((r) => r.team_id)) };
}

export const reachesTeam = (viewer: MediationViewer, teamId: string) => viewer.all || viewer.teamIds.has(teamId);

/** Out of reach reads as not found: a mediator must not learn that another team's record exists. */
export function requireTeam(viewer: MediationViewer, teamId: string | undefined | null, what = 'Team'): string {
  if (!teamId || !/^[0-9a-f-]{36}$/i.test(teamId) || !reachesTeam(viewer, teamId)) throw notFound(what);
  return teamId;
}

/** A query filter: the teams the viewer reaches (every team when `all`). */
export const teamFilter = (viewer: MediationViewer): string[] | 'all' => (viewer.all ? 'all' : [...viewer.teamIds]);

/** The teams the viewer reaches, with their sectors (the field screens' choices). */
export async function teamsInReach(tx: Tx, viewer: MediationViewer) {
  const ids = teamFilter(viewer);
  if (ids !== 'all' && ids.length === 0) return [];
  let query = tx.selectFrom('mediation_teams as t').select(['t.id', 't.name']).orderBy('t.name');
  if (ids !== 'all') query = query.where('t.id', 'in', ids);
  const teams = await query.execute();
  const sectors =
    teams.length === 0
      ? []
      : await tx
          .selectFrom('mediation_team_sectors as s')
          .innerJoin('territories as z', 'z.id', 's.territory_id')
          .select(['s.team_id', 'z.id', 'z.name', 'z.kind'])
          .where(
            's.team_id',
            'in',
            teams.map((t) => t.id),
          )
          .orderBy('z.name')
          .execute();
  return teams.map((t) => ({
    ...t,
    sectors: sectors.filter((s) => s.team_id === t.id).map(({ id, name, kind }) => ({ id, name, kind })),
  }));
}
