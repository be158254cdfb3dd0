import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';
import { AppError } from '../../../platform/errors.js';
import { isUuid } from '../sessions/session-input.js';

const mine = sql<boolean>`tenant_id = quietude_tenant()`;

/** The commitment's row in this tenant, locked, or 404: another tenant's commitment does not exist here. */
export async function lockCommitment(tx: Tx, id: string) {
  const row = isUuid(id)
    ? await tx
        .selectFrom('prevention_commitments')
        .select(['id', 'kind'])
        .where('id', '=', id)
        .where(mine)
        .forUpdate()
        .executeTakeFirst()
    : undefined;
  if (!row) throw new AppError('not_found', 'Commitment not found');
  return row;
}

/** The tenant's commitments in their order. */
export function listCommitments(tx: Tx) {
  return tx
    .selectFrom('prevention_commitments')
    .select([
      'id',
      'title',
      'description',
      'kind',
      'state',
      'state_on',
      'service',
      'internal_note',
      'target',
      'position',
      'programme_id',
      'police_training_module_id',
      'report_category',
    ])
    .where(mine)
    .orderBy('position')
    .orderBy('title')
    .execute();
}
export type CommitmentRow = Awaited<ReturnType<typeof listCommitments>>[number];

/** Every piece of hand-added evidence, newest first. */
export function listEvidence(tx: Tx) {
  return tx
    .selectFrom('prevention_commitment_evidence')
    .select(['id', 'commitment_id', 'happened_on', 'text', 'link'])
    .where(mine)
    .orderBy('happened_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}
export type EvidenceRow = Awaited<ReturnType<typeof listEvidence>>[number];

/** Every funding line with its association's name, latest year first. */
export function listFundings(tx: Tx) {
  return tx
    .selectFrom('prevention_association_fundings as f')
    .innerJoin('prevention_associations as a', 'a.id', 'f.association_id')
    .select([
      'f.id',
      'f.commitment_id',
      'f.year',
      sql<number>`f.amount_eur::float8`.as('amount'),
      'f.purpose',
      'a.name as association',
    ])
    .where(sql<boolean>`f.tenant_id = quietude_tenant()`)
    .orderBy('f.year', 'desc')
    .orderBy('a.name')
    .execute();
}
export type FundingRow = Awaited<ReturnType<typeof listFundings>>[number];
