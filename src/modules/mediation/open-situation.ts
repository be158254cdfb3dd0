import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { defineOperation, type OperationScope } from '../../platform/access/operation.js';
import { invalidInput, notFound } from '../../platform/errors.js';
import { afterSkippedInsert, inputHash, isDate, isUuid, localDate, Problems, priorEntry, resent } from './entry-checks.js';
import { mediationViewer, reachesTeam, requireTeam } from './mediation-scope.js';
import { isOneOf, type SituationKind, situationKinds } from './vocabulary.js';

export interface SituationInput {
  id: string;
  teamId: string;
  kind: string;
  /** A short label without names (« Conflit de voisinage, résidence Les Aubiers, bât. C »). */
  label: string;
  sectorId?: string;
  openedOn: string;
}

export interface SituationRecord {
  id: string;
  teamId: string;
  kind: SituationKind;
  label: string;
  sectorId: string | null;
  openedOn: string;
  outcome: string;
  outcomeOn: string | null;
  lastContactOn: string;
  referralId: string | null;
}

export const situationColumns = [
  'id',
  'team_id',
  'kind',
  'label',
  'sector_id',
  'opened_on',
  'outcome',
  'outcome_on',
  'last_contact_on',
  'referral_id',
] as const;
type Row = {
  id: string;
  team_id: string;
  kind: SituationKind;
  label: string;
  sector_id: string | null;
  opened_on: string;
  outcome: string;
  outcome_on: string | null;
  last_contact_on: string;
  referral_id: string | null;
};
export const toSituation = (r: Row): SituationRecord => ({
  id: r.id,
  teamId: r.team_id,
  kind: r.kind,
  label: r.label,
  sectorId: r.sector_id,
  openedOn: r.opened_on,
  outcome: r.outcome,
  outcomeOn: r.outcome_on,
  lastContactOn: r.last_contact_on,
  referralId: r.referral_id,
});

async function insertSituation(scope: OperationScope, input: SituationInput, referralId: string | null) {
  const { tx, actor, clock, tenant, audit } = scope;
  const viewer = await mediationViewer(tx, actor);
  const hash = inputHash({ ...input, referralId });
  const existing = async () => {
    const row = await tx
      .selectFrom('mediation_situations')
      .select(situationColumns)
      .where('id', '=', input.id)
      .executeTakeFirstOrThrow();
    if (!reachesTeam(viewer, row.team_id)) throw notFound('Situation');
    resent(audit, 'mediation-situation', row.id);
    return { situation: toSituation(row), created: false };
  };
  if ((await priorEntry(tx, 'mediation_situations', input.id, hash)) === 'existing') return existing();
  const teamId = requireTeam(viewer, input.teamId);
  const problems = new Problems();
  if (!isOneOf(situationKinds, input.kind)) problems.add('kind', `unknown kind: ${input.kind}`, 'type de situation inconnu');
  const label = (input.label ?? '').trim();
  if (!label) problems.add('label', 'is required', 'indiquez un intitulé (sans nom)');
  else if (label.length > 200) problems.add('label', 'must be at most 200 characters', 'au plus 200 caractères');
  if (!isDate(input.openedOn)) problems.add('openedOn', 'must be a date YYYY-MM-DD', 'date invalide (AAAA-MM-JJ)');
  else if (input.openedOn > localDate(clock.now(), tenant.time_zone))
    problems.add('openedOn', 'is in the future', 'la date est à venir');
  if (input.sectorId) {
    const sector = isUuid(input.sectorId)
      ? await tx
          .selectFrom('mediation_team_sectors')
          .select('territory_id')
          .where('team_id', '=', teamId)
          .where('territory_id', '=', input.sectorId)
          .executeTakeFirst()
      : undefined;
    if (!sector) problems.add('sectorId', 'is not one of the team’s sectors', 'ce secteur n’est pas un secteur de l’équipe');
  }
  problems.throwIfAny();
  const row = await tx
    .insertInto('mediation_situations')
    .values({
      id: input.id,
      tenant_id: tenant.id,
      team_id: teamId,
      kind: input.kind as SituationKind,
      label,
      sector_id: input.sectorId || null,
      opened_on: input.openedOn,
      last_contact_on: input.openedOn,
      referral_id: referralId,
      input_hash: hash,
      created_by: actor.userId ?? null,
      created_at: clock.now(),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning(situationColumns)
    .executeTakeFirst();
  if (!row) {
    // The same situation sent twice at the same moment: the other send recorded it.
    await afterSkippedInsert(tx, 'mediation_situations', input.id, hash);
    return existing();
  }
  audit({
    entityType: 'mediation-situation',
    entityId: row.id,
    fields: ['team_id', 'kind', 'label', 'sector_id', 'opened_on', ...(referralId ? ['referral_id'] : [])],
  });
  return { situation: toSituation(row), created: true };
}

/** A situation followed over time (a neighbour dispute, a hall occupation, a tension between groups). */
export const openSituation = defineOperation({
  name: 'mediation.open-situation',
  permission: 'mediation.field',
  run: (scope, input: SituationInput) => {
    if (!isUuid(input.id)) throw invalidInput('id', 'must be a UUID', 'identifiant invalide');
    return insertSituation(scope, input, null);
  },
});

/** The team's sector that covers a point, if any. */
async function sectorAt(tx: Tx, teamId: string, referralId: string): Promise<string | undefined> {
  const row = await tx
    .selectFrom('mediation_team_sectors as s')
    .innerJoin('territories as z', 'z.id', 's.territory_id')
    .innerJoin('report_referrals as r', (j) => j.on(sql<boolean>`ST_Covers(z.geom, r.geom)`))
    .select('z.id')
    .where('s.team_id', '=', teamId)
    .where('r.id', '=', referralId)
    .orderBy(sql`ST_Area(z.geom)`)
    .executeTakeFirst();
  return row?.id;
}

/**
 * A report another tenant passed on, once taken in hand, opens a situation for one team: its kind and the
 * date are kept, and the team's sector covering the place. Not its description (it may hold names): the
 * mediators read it in the referral. One situation per referral.
 */
export const openSituationFromReferral = defineOperation({
  name: 'mediation.open-situation-from-referral',
  permission: 'mediation.field',
  async run(scope, input: { referralId: string; teamId: string; kind?: string; id?: string }) {
    const { tx } = scope;
    const referral = isUuid(input.referralId)
      ? await tx
          .selectFrom('report_referrals')
          .select(['id', 'status', 'category_name', 'occurred_at'])
          .where(sql<boolean>`tenant_id = quietude_tenant()`)
          .where('id', '=', input.referralId)
          .executeTakeFirst()
      : undefined;
    if (!referral) throw notFound('Referral');
    if (referral.status !== 'taken')
      throw invalidInput('referralId', 'take the referral in hand first', 'prenez d’abord ce signalement en charge');
    const already = await tx
      .selectFrom('mediation_situations')
      .select(situationColumns)
      .where('referral_id', '=', referral.id)
      .executeTakeFirst();
    if (already) {
      const viewer = await mediationViewer(tx, scope.actor);
      if (!reachesTeam(viewer, already.team_id)) throw notFound('Situation');
      scope.audit({ entityType: 'mediation-situation', entityId: already.id, fields: [] });
      return { situation: toSituation(already), created: false };
    }
    const teamId = requireTeam(await mediationViewer(tx, scope.actor), input.teamId);
    const sectorId = await sectorAt(tx, teamId, referral.id);
    const kind = input.kind ?? 'other';
    return insertSituation(
      scope,
      {
        id: input.id ?? randomUUID(),
        teamId,
        kind,
        label: `${referral.category_name} (signalement transmis)`.slice(0, 200),
        ...(sectorId ? { sectorId } : {}),
        openedOn: localDate(scope.clock.now(), scope.tenant.time_zone),
      },
      referral.id,
    );
  },
});
