import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { actAsTenant, type TransactionIdentity } from '../../db/tenant-transaction.js';
import { defineOperation } from '../../platform/access/operation.js';
import { appendAudit } from '../../platform/audit/append-audit.js';
import { invalidInput, notFound } from '../../platform/errors.js';
import type { Tenant } from '../../platform/tenants/tenant-queries.js';
import { reportInReach, requireReportsAccess } from './report-access.js';

/**
 * Where a report may be handed over: another tenant that runs social mediation (the GIP of Bordeaux's
 * mediators) and whose territory covers the report's point. Looks into each candidate within the caller's
 * transaction (the embedded engine serves one transaction at a time), then acts as `tenant` again.
 */
export async function referralTargets(
  tx: Tx,
  tenant: Tenant,
  point: { lat: number; lon: number },
  identity: TransactionIdentity = {},
): Promise<Tenant[]> {
  const candidates = await tx
    .selectFrom('tenants')
    .selectAll()
    .where('id', '!=', tenant.id)
    .where(sql<boolean>`'mediation' = ANY(programmes)`)
    .orderBy('name')
    .execute();
  const targets: Tenant[] = [];
  for (const other of candidates) {
    await actAsTenant(tx, other.id, identity);
    const covers = await tx
      .selectFrom('territories')
      .select('id')
      .where(sql<boolean>`ST_Covers(geom, ST_SetSRID(ST_MakePoint(${point.lon}, ${point.lat}), 4326))`)
      .executeTakeFirst();
    if (covers) targets.push(other);
  }
  await actAsTenant(tx, tenant.id, identity);
  return targets;
}

/**
 * Hands a report to another tenant: a referral is written into that tenant, in the same transaction and
 * under its own audit chain, with only the kind, the description, the place and the date. The reporter's
 * contact, photos and role stay here. The report is marked as passed on (« transmis » for the reporter).
 */
export const referReport = defineOperation({
  name: 'reports.refer-report',
  permission: 'reports.manage',
  async run({ tx, tenant, actor, clock, audit }, input: { id: string; targetTenantId: string }) {
    const report = await reportInReach(tx, actor, input.id);
    const detail = await tx
      .selectFrom('reports as r')
      .innerJoin('report_categories as c', 'c.id', 'r.category_id')
      .select([
        'c.name_fr',
        'r.description',
        'r.created_at',
        sql<number>`ST_Y(r.geom)`.as('lat'),
        sql<number>`ST_X(r.geom)`.as('lon'),
      ])
      .where('r.id', '=', report.id)
      .executeTakeFirstOrThrow();
    const operation = 'reports.refer-report';
    const identity = { userId: actor.userId, operation };
    const target = (await referralTargets(tx, tenant, detail, identity)).find((t) => t.id === input.targetTenantId);
    if (!target) throw invalidInput('targetTenantId', 'not a partner covering this place', 'ce partenaire ne couvre pas ce lieu');
    const now = clock.now();

    // The receiving tenant's part: its row, its audit event.
    await actAsTenant(tx, target.id, identity);
    const copied = await tx
      .insertInto('report_referrals')
      .values({
        tenant_id: target.id,
        from_tenant_id: tenant.id,
        from_report_id: report.id,
        category_name: detail.name_fr,
        description: detail.description,
        geom: sql`ST_SetSRID(ST_MakePoint(${detail.lon}, ${detail.lat}), 4326)`,
        occurred_at: detail.created_at,
        referred_at: now,
        answer: null,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'from_tenant_id', 'from_report_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!copied) throw invalidInput('targetTenantId', 'already passed to this partner', 'déjà transmis à ce partenaire');
    await appendAudit(tx, target.id, actor.label, now, [
      {
        action: 'reports.receive-referral',
        entityType: 'report-referral',
        entityId: copied.id,
        fields: ['category_name', 'description', 'geom', 'occurred_at'],
      },
    ]);

    // Back to this tenant: the report's history and state.
    await actAsTenant(tx, tenant.id, identity);
    const passedOn = report.status === 'new' || report.status === 'triaged';
    if (passedOn)
      await tx.updateTable('reports').set({ status: 'assigned', updated_at: now }).where('id', '=', report.id).execute();
    await tx
      .insertInto('report_events')
      .values({
        tenant_id: tenant.id,
        report_id: report.id,
        at: now,
        actor: actor.label,
        kind: 'assign',
        from_status: report.status,
        to_status: passedOn ? 'assigned' : report.status,
        note: `Transmis à ${target.name}`,
      })
      .execute();
    audit({ entityType: 'report', entityId: report.id, fields: ['referral', ...(passedOn ? ['status'] : [])] });
    return { referralId: copied.id, target };
  },
});

/** What became of a report passed on: each receiving tenant's answer, read as that tenant, then back. */
export async function referralAnswers(
  tx: Tx,
  tenant: Tenant,
  reportId: string,
  identity: TransactionIdentity = {},
): Promise<{ to: string; status: 'received' | 'taken' | 'declined'; answer: string | null }[]> {
  const receivers = await tx
    .selectFrom('tenants')
    .select(['id', 'name'])
    .where('id', '!=', tenant.id)
    .where(sql<boolean>`'mediation' = ANY(programmes)`)
    .execute();
  const answers: { to: string; status: 'received' | 'taken' | 'declined'; answer: string | null }[] = [];
  for (const receiver of receivers) {
    await actAsTenant(tx, receiver.id, identity);
    const rows = await tx
      .selectFrom('report_referrals')
      .select(['status', 'answer'])
      .where('from_tenant_id', '=', tenant.id)
      .where('from_report_id', '=', reportId)
      .execute();
    for (const row of rows) answers.push({ to: receiver.name, ...row });
  }
  await actAsTenant(tx, tenant.id, identity);
  return answers;
}

/** The receiving tenant takes a referral in hand, or declines it, with a word of why. */
export const answerReferral = defineOperation({
  name: 'reports.answer-referral',
  permission: 'platform.staff-home',
  async run({ tx, actor, audit }, input: { id: string; answer: string; note: string }) {
    requireReportsAccess(actor);
    if (input.answer !== 'taken' && input.answer !== 'declined')
      throw invalidInput('answer', 'must be taken or declined', 'choisissez : pris en charge ou décliné');
    const note = input.note.trim();
    if (note.length > 2000) throw invalidInput('note', 'must be at most 2000 characters', 'au plus 2000 caractères');
    if (input.answer === 'declined' && !note) throw invalidInput('note', 'say why', 'indiquez pourquoi');
    const result = /^[0-9a-f-]{36}$/i.test(input.id)
      ? await tx
          .updateTable('report_referrals')
          .set({ status: input.answer, answer: note || null })
          .where('id', '=', input.id)
          .where(sql<boolean>`tenant_id = quietude_tenant()`)
          .executeTakeFirst()
      : undefined;
    if (!result || Number(result.numUpdatedRows) === 0) throw notFound('Referral');
    audit({ entityType: 'report-referral', entityId: input.id, fields: ['status', 'answer'] });
  },
});
