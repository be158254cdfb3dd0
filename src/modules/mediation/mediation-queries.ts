import type { Tx } from '../../db/database.js';
import { type MediationViewer, teamFilter } from './mediation-scope.js';
import { situationColumns, toSituation } from './open-situation.js';

/** Team ids to filter on, or undefined when the viewer reaches every team; [] reaches none. */
const teamsOf = (viewer: MediationViewer) => {
  const ids = teamFilter(viewer);
  return ids === 'all' ? undefined : ids.length ? ids : ['00000000-0000-0000-0000-000000000000'];
};

/** The latest rounds of the teams the viewer reaches, with how many encounters each. */
export async function listRounds(tx: Tx, viewer: MediationViewer, limit = 100) {
  const teams = teamsOf(viewer);
  let query = tx
    .selectFrom('mediation_rounds as r')
    .innerJoin('mediation_teams as t', 't.id', 'r.team_id')
    .innerJoin('territories as z', 'z.id', 'r.sector_id')
    .select((eb) => [
      'r.id',
      'r.team_id',
      't.name as team_name',
      'r.sector_id',
      'z.name as sector_name',
      'r.round_date',
      'r.started_at',
      'r.ended_at',
      'r.recorded_by',
      eb
        .selectFrom('mediation_encounters as e')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('e.round_id', '=', 'r.id')
        .as('encounters'),
    ])
    .orderBy('r.started_at', 'desc')
    .limit(limit);
  if (teams) query = query.where('r.team_id', 'in', teams);
  return query.execute();
}

export async function listEncounters(tx: Tx, viewer: MediationViewer, options: { roundId?: string; limit?: number } = {}) {
  const teams = teamsOf(viewer);
  let query = tx
    .selectFrom('mediation_encounters')
    .select([
      'id',
      'team_id',
      'round_id',
      'on_appointment',
      'occurred_at',
      'people_count',
      'themes',
      'activity',
      'actions',
      'faire_avec',
      'qpv_id',
    ])
    .orderBy('occurred_at', 'desc')
    .limit(options.limit ?? 200);
  if (teams) query = query.where('team_id', 'in', teams);
  if (options.roundId) query = query.where('round_id', '=', options.roundId);
  return query.execute();
}

export async function listSituations(tx: Tx, viewer: MediationViewer) {
  const teams = teamsOf(viewer);
  let query = tx.selectFrom('mediation_situations').select(situationColumns).orderBy('last_contact_on', 'desc').limit(500);
  if (teams) query = query.where('team_id', 'in', teams);
  return (await query.execute()).map(toSituation);
}

export function situationSteps(tx: Tx, situationId: string) {
  return tx
    .selectFrom('mediation_situation_steps')
    .select(['id', 'kind', 'occurred_on'])
    .where('situation_id', '=', situationId)
    .orderBy('occurred_on')
    .orderBy('created_at')
    .execute();
}

export async function listReferrals(tx: Tx, viewer: MediationViewer) {
  const teams = teamsOf(viewer);
  let query = tx
    .selectFrom('mediation_referrals as r')
    .innerJoin('mediation_partners as p', 'p.id', 'r.partner_id')
    .select([
      'r.id',
      'r.team_id',
      'r.partner_id',
      'p.name as partner_name',
      'r.encounter_id',
      'r.situation_id',
      'r.referred_on',
      'r.outcome',
      'r.outcome_on',
    ])
    .orderBy('r.referred_on', 'desc')
    .limit(300);
  if (teams) query = query.where('r.team_id', 'in', teams);
  return query.execute();
}

/** The round under way for a user (started, not ended), if any. */
export function openRoundOf(tx: Tx, userId: string) {
  return tx
    .selectFrom('mediation_rounds')
    .select(['id', 'team_id', 'sector_id', 'started_at'])
    .where('recorded_by', '=', userId)
    .where('ended_at', 'is', null)
    .orderBy('started_at', 'desc')
    .executeTakeFirst();
}
