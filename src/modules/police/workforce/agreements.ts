import type { Tx } from '../../../db/database.js';
import { systemActor } from '../../../platform/access/actor.js';
import { defineOperation } from '../../../platform/access/operation.js';
import { defineJob } from '../../../platform/jobs/job.js';
import { listTenants } from '../../../platform/tenants/tenant-queries.js';
import { headcountOn } from './headcount.js';
import { localToday, Problems } from './problems.js';
import { agreementKinds } from './tables.js';
import { loadMovements } from './workforce-queries.js';

/** An attached agreement stays small: a signed scan of a few pages. */
export const AGREEMENT_PDF_LIMIT = 5 * 1024 * 1024;
/** Renewal alerts go this many days before the end. */
export const RENEWAL_ALERT_DAYS = 90;
/** The coordination agreement with the State is required from this many municipal police agents. */
export const COORDINATION_REQUIRED_FROM = 3;

export interface AgreementInput {
  kind?: string;
  parties?: string;
  subject?: string;
  signedOn?: string;
  expiresOn?: string;
  pdf?: { name: string; bytes: Buffer };
}

/** An agreement (convention) and its signed PDF: checked as a PDF by its first bytes, size-limited. */
export const saveAgreement = defineOperation({
  name: 'police.save-agreement',
  permission: 'police.workforce',
  async run({ tx, tenant, clock, audit }, input: AgreementInput): Promise<{ id: string }> {
    const problems = new Problems();
    const kind = problems.oneOf('kind', input.kind, agreementKinds);
    const parties = problems.text('parties', input.parties, { max: 500 });
    const subject = problems.text('subject', input.subject, { max: 500 });
    const signedOn = problems.date('signedOn', input.signedOn);
    const expiresOn = problems.date('expiresOn', input.expiresOn);
    if (signedOn && expiresOn && expiresOn <= signedOn)
      problems.add('expiresOn', 'must be after the signature', 'l’échéance doit suivre la signature');
    if (input.pdf) {
      if (input.pdf.bytes.length > AGREEMENT_PDF_LIMIT) problems.add('pdf', 'larger than 5 MB', 'fichier de plus de 5 Mo');
      else if (input.pdf.bytes.subarray(0, 5).toString('latin1') !== '%PDF-')
        problems.add('pdf', 'not a PDF file', 'ce fichier n’est pas un PDF');
    }
    problems.throwIfAny();
    const row = await tx
      .insertInto('police_agreements')
      .values({
        tenant_id: tenant.id,
        kind: kind!,
        parties,
        subject,
        signed_on: signedOn!,
        expires_on: expiresOn!,
        pdf: input.pdf?.bytes ?? null,
        pdf_name: input.pdf ? input.pdf.name.replace(/[^\w.\- ]/g, '_').slice(0, 120) : null,
        alerted_for: null,
        recorded_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({
      entityType: 'police-agreement',
      entityId: row.id,
      fields: ['kind', 'parties', 'subject', 'signed_on', 'expires_on', ...(input.pdf ? ['pdf'] : [])],
    });
    return row;
  },
});

export const listAgreements = (tx: Tx) =>
  tx
    .selectFrom('police_agreements')
    .select(['id', 'kind', 'parties', 'subject', 'signed_on', 'expires_on', 'pdf_name'])
    .orderBy('expires_on')
    .execute();

export type CoordinationWarning = { kind: 'missing' | 'expired'; agents: number; expiredOn?: string } | null;

/**
 * The dashboard's warning: from 3 municipal police agents a coordination agreement with the State is
 * required; without a valid one the police may not patrol between 23:00 and 06:00 nor carry firearms.
 */
export async function coordinationWarning(tx: Tx, today: string): Promise<CoordinationWarning> {
  const agents = headcountOn(await loadMovements(tx), today).apm.heads;
  if (agents < COORDINATION_REQUIRED_FROM) return null;
  const agreements = (await listAgreements(tx)).filter((a) => a.kind === 'state_coordination' && a.signed_on <= today);
  if (agreements.some((a) => a.expires_on >= today)) return null;
  const last = agreements
    .map((a) => a.expires_on)
    .sort()
    .at(-1);
  return last ? { kind: 'expired', agents, expiredOn: last } : { kind: 'missing', agents };
}

/** The agreements to announce (ending within 90 days, or ended, and not yet announced for that end), with the managers' addresses. */
const collectRenewals = defineOperation({
  name: 'police.collect-agreement-renewals',
  permission: 'police.workforce',
  async run({ tx, tenant, clock, audit }, _input: undefined) {
    const today = localToday(clock.now(), tenant.time_zone);
    const horizon = new Date(Date.parse(`${today}T12:00:00Z`) + RENEWAL_ALERT_DAYS * 86_400_000).toISOString().slice(0, 10);
    const due = (
      await tx
        .selectFrom('police_agreements')
        .select(['id', 'kind', 'parties', 'subject', 'expires_on', 'alerted_for'])
        .where('expires_on', '<=', horizon)
        .execute()
    ).filter((a) => a.alerted_for !== a.expires_on);
    const recipients = await tx
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('u.email')
      .where('m.tenant_id', '=', tenant.id)
      .where('m.role', '=', 'police_manager')
      .where('u.active', '=', true)
      .execute();
    for (const a of due)
      await tx.updateTable('police_agreements').set({ alerted_for: a.expires_on }).where('id', '=', a.id).execute();
    audit({ entityType: 'police-agreement', entityId: null, fields: ['alerted_for'], count: due.length });
    return { due, emails: [...new Set(recipients.map((r) => r.email))] };
  },
});

export const agreementRenewalJob = defineJob({
  name: 'police-agreement-renewals',
  description: 'Mails the municipal police managers when an agreement ends within 90 days or has ended',
  everyMinutes: 24 * 60,
  async run({ database, clock, mailer, config }) {
    let sent = 0;
    for (const tenant of await listTenants(database.db)) {
      if (!tenant.programmes.includes('police')) continue;
      const { due, emails } = await collectRenewals(
        { db: database.db, clock, actor: systemActor('agreement-renewals'), tenant },
        undefined,
      );
      if (due.length === 0) continue;
      const lines = due.map(
        (a) =>
          `- ${a.subject} (${a.parties}) : échéance le ${a.expires_on}${a.kind === 'state_coordination' ? ' — convention de coordination avec l’État' : ''}`,
      );
      for (const to of emails) {
        await mailer?.send({
          to,
          subject: `Quiétude — ${due.length} convention(s) à renouveler (${tenant.name})`,
          text: `Bonjour,\n\nCes conventions de la police municipale arrivent à échéance ou sont échues :\n${lines.join('\n')}\n\nSans convention de coordination en vigueur, la police municipale ne peut ni patrouiller entre 23 h et 6 h ni être armée.\n\nLes conventions : ${config?.publicUrl ?? ''}/t/${tenant.slug}/espace/police/conventions\n`,
        });
        sent++;
      }
    }
    return `${sent} renewal alerts sent`;
  },
});
