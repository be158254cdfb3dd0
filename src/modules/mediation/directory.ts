import { sql } from 'kysely';
import { defineOperation } from '../../platform/access/operation.js';
import { AppError, notFound } from '../../platform/errors.js';
import { afterSkippedInsert, inputHash, isDate, isUuid, localDate, Problems, priorEntry, resent } from './entry-checks.js';
import { mediationViewer, reachesTeam, requireTeam } from './mediation-scope.js';
import { isOneOf, type PartnerKind, partnerKinds, type ReferralOutcome, referralOutcomes } from './vocabulary.js';

export interface PartnerInput {
  name: string;
  kind: string;
  commune?: string;
  phone?: string;
  email?: string;
}

/** A partner of the directory the tenant keeps (CCAS, France Services, CSAPA/CJC, associations, landlords). */
export const savePartner = defineOperation({
  name: 'mediation.save-partner',
  permission: 'mediation.manage',
  async run({ tx, clock, tenant, audit }, input: PartnerInput) {
    const problems = new Problems();
    const name = (input.name ?? '').trim();
    if (!name) problems.add('name', 'is required', 'indiquez le nom du partenaire');
    else if (name.length > 200) problems.add('name', 'must be at most 200 characters', 'au plus 200 caractères');
    if (!isOneOf(partnerKinds, input.kind)) problems.add('kind', `unknown kind: ${input.kind}`, 'type de partenaire inconnu');
    const opt = (v: string | undefined, max: number, field: string) => {
      const s = (v ?? '').trim();
      if (s.length > max) problems.add(field, `must be at most ${max} characters`, `au plus ${max} caractères`);
      return s || null;
    };
    const values = {
      commune: opt(input.commune, 100, 'commune'),
      phone: opt(input.phone, 40, 'phone'),
      email: opt(input.email, 200, 'email'),
    };
    problems.throwIfAny();
    const row = await tx
      .insertInto('mediation_partners')
      .values({ tenant_id: tenant.id, name, kind: input.kind as PartnerKind, ...values, created_at: clock.now() })
      .onConflict((oc) => oc.columns(['tenant_id', 'name']).doUpdateSet({ kind: input.kind as PartnerKind, ...values }))
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({ entityType: 'mediation-partner', entityId: row.id, fields: ['name', 'kind', 'commune', 'phone', 'email'] });
    return { id: row.id };
  },
});

export interface ReferralInput {
  id: string;
  teamId: string;
  partnerId: string;
  encounterId?: string;
  situationId?: string;
  referredOn: string;
}

const referralColumns = [
  'id',
  'team_id',
  'partner_id',
  'encounter_id',
  'situation_id',
  'referred_on',
  'outcome',
  'outcome_on',
] as const;

/** A person put in touch with a partner (never their name: the encounter or situation it came from, if any). */
export const recordReferral = defineOperation({
  name: 'mediation.record-referral',
  permission: 'mediation.field',
  async run({ tx, actor, clock, tenant, audit }, input: ReferralInput) {
    if (!isUuid(input.id))
      throw new AppError('invalid_input', 'id: must be a UUID', [
        { field: 'id', message: 'must be a UUID', fr: 'identifiant invalide' },
      ]);
    const viewer = await mediationViewer(tx, actor);
    const hash = inputHash(input);
    const existing = async () => {
      const row = await tx
        .selectFrom('mediation_referrals')
        .select(referralColumns)
        .where('id', '=', input.id)
        .executeTakeFirstOrThrow();
      if (!reachesTeam(viewer, row.team_id)) throw notFound('Referral');
      resent(audit, 'mediation-referral', row.id);
      return { referral: row, created: false };
    };
    if ((await priorEntry(tx, 'mediation_referrals', input.id, hash)) === 'existing') return existing();
    const teamId = requireTeam(viewer, input.teamId);
    const problems = new Problems();
    const partner = isUuid(input.partnerId)
      ? await tx
          .selectFrom('mediation_partners')
          .select('id')
          .where('id', '=', input.partnerId)
          .where('active', '=', true)
          .executeTakeFirst()
      : undefined;
    if (!partner) problems.add('partnerId', 'is not a partner of the directory', 'ce partenaire n’est pas dans l’annuaire');
    for (const [field, table] of [
      ['encounterId', 'mediation_encounters'],
      ['situationId', 'mediation_situations'],
    ] as const) {
      const id = input[field];
      if (id === undefined || id === '') continue;
      const found = isUuid(id) ? await tx.selectFrom(table).select('team_id').where('id', '=', id).executeTakeFirst() : undefined;
      if (found?.team_id !== teamId)
        problems.add(field, 'is not one of the team’s records', 'cet enregistrement n’est pas celui de l’équipe');
    }
    if (!isDate(input.referredOn)) problems.add('referredOn', 'must be a date YYYY-MM-DD', 'date invalide (AAAA-MM-JJ)');
    else if (input.referredOn > localDate(clock.now(), tenant.time_zone))
      problems.add('referredOn', 'is in the future', 'la date est à venir');
    problems.throwIfAny();
    const row = await tx
      .insertInto('mediation_referrals')
      .values({
        id: input.id,
        tenant_id: tenant.id,
        team_id: teamId,
        partner_id: input.partnerId,
        encounter_id: input.encounterId || null,
        situation_id: input.situationId || null,
        referred_on: input.referredOn,
        recorded_by: actor.userId ?? null,
        input_hash: hash,
        created_at: clock.now(),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning(referralColumns)
      .executeTakeFirst();
    if (!row) {
      // The same referral sent twice at the same moment: the other send recorded it.
      await afterSkippedInsert(tx, 'mediation_referrals', input.id, hash);
      return existing();
    }
    audit({
      entityType: 'mediation-referral',
      entityId: row.id,
      fields: ['partner_id', 'referred_on', 'encounter_id', 'situation_id'],
    });
    return { referral: row, created: true };
  },
});

/** What became of a referral: pris en charge, en attente, sans suite. */
export const setReferralOutcome = defineOperation({
  name: 'mediation.set-referral-outcome',
  permission: 'mediation.field',
  async run({ tx, actor, clock, tenant, audit }, input: { id: string; outcome: string; on: string }) {
    const viewer = await mediationViewer(tx, actor);
    const row = isUuid(input.id)
      ? await tx.selectFrom('mediation_referrals').select(referralColumns).where('id', '=', input.id).executeTakeFirst()
      : undefined;
    if (!row || !reachesTeam(viewer, row.team_id)) throw notFound('Referral');
    const problems = new Problems();
    if (!isOneOf(referralOutcomes, input.outcome)) problems.add('outcome', `unknown outcome: ${input.outcome}`, 'suite inconnue');
    if (!isDate(input.on)) problems.add('on', 'must be a date YYYY-MM-DD', 'date invalide (AAAA-MM-JJ)');
    else if (input.on > localDate(clock.now(), tenant.time_zone)) problems.add('on', 'is in the future', 'la date est à venir');
    else if (input.on < row.referred_on) problems.add('on', 'is before the referral', 'la date précède l’orientation');
    problems.throwIfAny();
    const updated = await tx
      .updateTable('mediation_referrals')
      .set({ outcome: input.outcome as ReferralOutcome, outcome_on: input.outcome === 'pending' ? null : input.on })
      .where('id', '=', row.id)
      .returning(referralColumns)
      .executeTakeFirstOrThrow();
    audit({ entityType: 'mediation-referral', entityId: row.id, fields: ['outcome', 'outcome_on'] });
    return updated;
  },
});

/** The active partners of the tenant's directory, by kind and name. */
export const listPartners = (tx: import('../../db/database.js').Tx) =>
  tx
    .selectFrom('mediation_partners')
    .select(['id', 'name', 'kind', 'commune', 'phone', 'email'])
    .where(sql<boolean>`tenant_id = quietude_tenant()`)
    .where('active', '=', true)
    .orderBy('kind')
    .orderBy('name')
    .execute();
