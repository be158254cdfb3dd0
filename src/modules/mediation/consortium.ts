import type { Tx } from '../../db/database.js';
import type { Actor } from '../../platform/access/actor.js';
import { defineOperation } from '../../platform/access/operation.js';
import { AppError, notFound } from '../../platform/errors.js';
import { isUuid, Problems } from './entry-checks.js';
import { mediationViewer } from './mediation-scope.js';

/** The territory kinds a team can be assigned to, and a funding can name (platform territories). */
export const teamTerritoryKinds = ['sector', 'quartier', 'qpv', 'estate'] as const;
/** The tenant roles a team member must hold: a mediator in the field; a manager is a mediator or a mediation manager. */
const rolesFor = { mediator: ['mediator'], manager: ['mediator', 'mediation_manager'] } as const;

/**
 * The consortium (teams, their sectors and people, who funds what) is the GIP's to set: a holder of
 * `mediation.manage` who manages no team in particular (the head of mediation, an administrator). A
 * manager of some teams only reaches those teams' records; letting them add themselves to another team
 * would open its records to them, so they are refused.
 */
async function requireConsortiumAdmin(tx: Tx, actor: Actor) {
  if (!(await mediationViewer(tx, actor)).all)
    throw new AppError('forbidden', 'Only the head of mediation (a manager of no team in particular) sets the consortium');
}

async function requireTeamRow(tx: Tx, teamId: string) {
  const team = isUuid(teamId)
    ? await tx.selectFrom('mediation_teams').select(['id', 'name']).where('id', '=', teamId).executeTakeFirst()
    : undefined;
  if (!team) throw notFound('Team');
  return team;
}

function teamName(problems: Problems, raw: string | undefined) {
  const name = (raw ?? '').trim();
  if (!name) problems.add('name', 'is required', 'indiquez le nom de l’équipe');
  else if (name.length > 200) problems.add('name', 'must be at most 200 characters', 'au plus 200 caractères');
  return name;
}

async function nameTaken(tx: Tx, name: string, except?: string) {
  let query = tx.selectFrom('mediation_teams').select('id').where('name', '=', name);
  if (except) query = query.where('id', '!=', except);
  return (await query.executeTakeFirst()) !== undefined;
}

/** A new team, or a team renamed (`id` given). Names are unique in the tenant. */
export const saveTeam = defineOperation({
  name: 'mediation.save-team',
  permission: 'mediation.manage',
  async run({ tx, actor, tenant, audit }, input: { id?: string; name: string }) {
    await requireConsortiumAdmin(tx, actor);
    const existing = input.id ? await requireTeamRow(tx, input.id) : undefined;
    const problems = new Problems();
    const name = teamName(problems, input.name);
    if (name && (await nameTaken(tx, name, existing?.id)))
      problems.add('name', 'another team has this name', 'une autre équipe porte déjà ce nom');
    problems.throwIfAny();
    if (existing) {
      await tx.updateTable('mediation_teams').set({ name }).where('id', '=', existing.id).execute();
      audit({ entityType: 'mediation-team', entityId: existing.id, fields: ['name'] });
      return { id: existing.id, created: false };
    }
    const row = await tx
      .insertInto('mediation_teams')
      .values({ tenant_id: tenant.id, name })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({ entityType: 'mediation-team', entityId: row.id, fields: ['name'] });
    return { id: row.id, created: true };
  },
});

/**
 * The territories a team works in (sectors, quartiers, QPV, landlord estates): the whole list, replacing
 * the previous one. Rounds already recorded keep their sector.
 */
export const setTeamSectors = defineOperation({
  name: 'mediation.set-team-sectors',
  permission: 'mediation.manage',
  async run({ tx, actor, tenant, audit }, input: { teamId: string; territoryIds: string[] }) {
    await requireConsortiumAdmin(tx, actor);
    const team = await requireTeamRow(tx, input.teamId);
    const ids = [...new Set(input.territoryIds)];
    const problems = new Problems();
    const found =
      ids.length && ids.every(isUuid)
        ? await tx
            .selectFrom('territories')
            .select(['id', 'kind'])
            .where('id', 'in', ids)
            .where('kind', 'in', [...teamTerritoryKinds])
            .execute()
        : [];
    if (ids.length === 0) problems.add('territoryIds', 'choose at least one sector', 'choisissez au moins un secteur');
    else if (found.length !== ids.length)
      problems.add(
        'territoryIds',
        'each must be a sector, quartier, QPV or estate of this tenant',
        'chaque secteur doit être un secteur, quartier, QPV ou patrimoine de la collectivité',
      );
    problems.throwIfAny();
    await tx.deleteFrom('mediation_team_sectors').where('team_id', '=', team.id).execute();
    await tx
      .insertInto('mediation_team_sectors')
      .values(ids.map((territory_id) => ({ tenant_id: tenant.id, team_id: team.id, territory_id })))
      .execute();
    audit({ entityType: 'mediation-team', entityId: team.id, fields: ['sectors'] });
    return { teamId: team.id, territoryIds: ids };
  },
});

/** A person joins a team as mediator or manager (or changes role in it). They must hold the tenant role. */
export const setTeamMember = defineOperation({
  name: 'mediation.set-team-member',
  permission: 'mediation.manage',
  async run({ tx, actor, tenant, audit }, input: { teamId: string; userId: string; role: string }) {
    await requireConsortiumAdmin(tx, actor);
    const team = await requireTeamRow(tx, input.teamId);
    const problems = new Problems();
    if (input.role !== 'mediator' && input.role !== 'manager')
      problems.add('role', 'must be mediator or manager', 'choisissez : médiateur ou responsable');
    const role = input.role === 'manager' ? 'manager' : 'mediator';
    const holds = isUuid(input.userId)
      ? await tx
          .selectFrom('memberships as m')
          .innerJoin('users as u', 'u.id', 'm.user_id')
          .select('m.user_id')
          .where('m.user_id', '=', input.userId)
          .where('u.active', '=', true)
          .where('m.role', 'in', [...rolesFor[role]])
          .executeTakeFirst()
      : undefined;
    if (!holds)
      problems.add(
        'userId',
        role === 'manager' ? 'must be a mediator or a mediation manager of this tenant' : 'must be a mediator of this tenant',
        role === 'manager'
          ? 'cette personne n’est ni médiatrice ni responsable de médiation ici'
          : 'cette personne n’a pas le rôle de médiateur ici',
      );
    problems.throwIfAny();
    await tx
      .insertInto('mediation_team_members')
      .values({ tenant_id: tenant.id, team_id: team.id, user_id: input.userId, role })
      .onConflict((oc) => oc.columns(['team_id', 'user_id']).doUpdateSet({ role }))
      .execute();
    audit({ entityType: 'mediation-team', entityId: team.id, fields: ['members'] });
    return { teamId: team.id, userId: input.userId, role };
  },
});

/** A person leaves a team: from the next request on, they no longer reach its records. */
export const removeTeamMember = defineOperation({
  name: 'mediation.remove-team-member',
  permission: 'mediation.manage',
  async run({ tx, actor, audit }, input: { teamId: string; userId: string }) {
    await requireConsortiumAdmin(tx, actor);
    const team = await requireTeamRow(tx, input.teamId);
    const removed = isUuid(input.userId)
      ? await tx
          .deleteFrom('mediation_team_members')
          .where('team_id', '=', team.id)
          .where('user_id', '=', input.userId)
          .executeTakeFirst()
      : undefined;
    if (!removed || Number(removed.numDeletedRows) === 0) throw notFound('Team member');
    audit({ entityType: 'mediation-team', entityId: team.id, fields: ['members'] });
    return { teamId: team.id, userId: input.userId };
  },
});

export interface FundingInput {
  organisationId: string;
  /** `team:{id}` or `territory:{id}`: what is funded. */
  target: string;
  fromYear: string;
  untilYear: string;
}

/**
 * A member organisation funds a team or a territory, from one year until another (one row per year, as
 * the report reads them). Years already recorded for the same target are kept as they are.
 */
export const addFunding = defineOperation({
  name: 'mediation.add-funding',
  permission: 'mediation.manage',
  async run({ tx, actor, tenant, audit }, input: FundingInput) {
    await requireConsortiumAdmin(tx, actor);
    const problems = new Problems();
    const member = isUuid(input.organisationId)
      ? await tx
          .selectFrom('tenant_organisations')
          .select('organisation_id')
          .where('tenant_id', '=', tenant.id)
          .where('organisation_id', '=', input.organisationId)
          .where('role', '=', 'member')
          .executeTakeFirst()
      : undefined;
    if (!member)
      problems.add('organisationId', 'is not a member of the grouping', 'cet organisme n’est pas membre du groupement');
    const [kind, id = ''] = (input.target ?? '').split(':');
    let teamId: string | null = null;
    let territoryId: string | null = null;
    if (kind === 'team' && isUuid(id)) {
      const team = await tx.selectFrom('mediation_teams').select('id').where('id', '=', id).executeTakeFirst();
      teamId = team?.id ?? null;
    } else if (kind === 'territory' && isUuid(id)) {
      const territory = await tx
        .selectFrom('territories')
        .select('id')
        .where('id', '=', id)
        .where('kind', 'in', [...teamTerritoryKinds])
        .executeTakeFirst();
      territoryId = territory?.id ?? null;
    }
    if (!teamId && !territoryId)
      problems.add('target', 'must be a team or a territory of this tenant', 'choisissez une équipe ou un territoire');
    const year = (raw: string, field: string) => {
      if (!/^\d{4}$/.test(raw ?? '') || Number(raw) < 2000 || Number(raw) > 2100) {
        problems.add(field, 'must be a year between 2000 and 2100', 'année invalide (entre 2000 et 2100)');
        return undefined;
      }
      return Number(raw);
    };
    const from = year(input.fromYear, 'fromYear');
    const until = input.untilYear === '' || input.untilYear === undefined ? from : year(input.untilYear, 'untilYear');
    if (from !== undefined && until !== undefined) {
      if (until < from) problems.add('untilYear', 'is before fromYear', 'l’année de fin précède l’année de début');
      else if (until - from > 9) problems.add('untilYear', 'at most 10 years at once', 'au plus 10 ans à la fois');
    }
    problems.throwIfAny();
    const years = Array.from({ length: (until as number) - (from as number) + 1 }, (_, i) => (from as number) + i);
    const rows = await tx
      .insertInto('mediation_fundings')
      .values(
        years.map((y) => ({
          tenant_id: tenant.id,
          organisation_id: input.organisationId,
          team_id: teamId,
          territory_id: territoryId,
          year: y,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .execute();
    if (rows.length === 0)
      throw new AppError('invalid_input', 'untilYear: every year is already recorded', [
        {
          field: 'untilYear',
          message: 'every year is already recorded',
          fr: 'ce financement est déjà enregistré pour ces années',
        },
      ]);
    for (const row of rows)
      audit({
        entityType: 'mediation-funding',
        entityId: row.id,
        fields: ['organisation_id', 'team_id', 'territory_id', 'year'],
      });
    return { ids: rows.map((r) => r.id), years };
  },
});

/** A funding year recorded by mistake, or withdrawn. */
export const removeFunding = defineOperation({
  name: 'mediation.remove-funding',
  permission: 'mediation.manage',
  async run({ tx, actor, audit }, input: { id: string }) {
    await requireConsortiumAdmin(tx, actor);
    const removed = isUuid(input.id)
      ? await tx.deleteFrom('mediation_fundings').where('id', '=', input.id).returning('id').executeTakeFirst()
      : undefined;
    if (!removed) throw notFound('Funding');
    audit({
      entityType: 'mediation-funding',
      entityId: removed.id,
      fields: ['organisation_id', 'team_id', 'territory_id', 'year'],
    });
    return { id: removed.id };
  },
});

/** What the consortium page shows: teams with sectors and people, the candidates, the members and fundings. */
export async function consortiumOverview(tx: Tx, tenantId: string) {
  const teams = await tx.selectFrom('mediation_teams').select(['id', 'name']).orderBy('name').execute();
  const sectors = await tx
    .selectFrom('mediation_team_sectors as s')
    .innerJoin('territories as z', 'z.id', 's.territory_id')
    .select(['s.team_id', 'z.id', 'z.name', 'z.kind'])
    .orderBy('z.name')
    .execute();
  const people = await tx
    .selectFrom('mediation_team_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.team_id', 'm.user_id', 'm.role', 'u.display_name', 'u.email'])
    .orderBy('m.role', 'desc')
    .orderBy('u.display_name')
    .execute();
  const territories = await tx
    .selectFrom('territories')
    .select(['id', 'name', 'kind'])
    .where('kind', 'in', [...teamTerritoryKinds])
    .orderBy('kind')
    .orderBy('name')
    .execute();
  const candidates = await tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.display_name', 'u.email', 'm.role'])
    .where('m.role', 'in', ['mediator', 'mediation_manager'])
    .where('u.active', '=', true)
    .orderBy('u.display_name')
    .execute();
  const members = await tx
    .selectFrom('tenant_organisations as l')
    .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
    .select(['o.id', 'o.name'])
    .where('l.tenant_id', '=', tenantId)
    .where('l.role', '=', 'member')
    .orderBy('o.name')
    .execute();
  const fundings = await tx
    .selectFrom('mediation_fundings as f')
    .innerJoin('organisations as o', 'o.id', 'f.organisation_id')
    .leftJoin('mediation_teams as t', 't.id', 'f.team_id')
    .leftJoin('territories as z', 'z.id', 'f.territory_id')
    .select(['f.id', 'f.year', 'o.name as organisation', 't.name as team', 'z.name as territory'])
    .orderBy('o.name')
    .orderBy('f.year')
    .execute();
  return {
    teams: teams.map((t) => ({
      ...t,
      sectors: sectors.filter((s) => s.team_id === t.id),
      people: people.filter((p) => p.team_id === t.id),
    })),
    territories,
    // One line per person (someone may hold both roles).
    candidates: candidates.filter((c, i) => candidates.findIndex((x) => x.id === c.id) === i),
    members,
    fundings,
  };
}
