import { sql } from 'kysely';
import { defineOperation } from '../../../platform/access/operation.js';
import type { FieldProblem } from '../../../platform/errors.js';
import { isUuid, readText } from '../sessions/session-input.js';
import { throwIfProblems } from './commitment-input.js';
import { lockCommitment } from './commitment-queries.js';

export interface FundingInput {
  commitmentId: string;
  associationId: string;
  year: string;
  /** Euros, « 12 500 » or « 12500,50 ». */
  amount: string;
  purpose: string;
}

/** Reads an amount in euros as typed in France (spaces between thousands, a comma for cents). */
export function readAmount(text: string): number | undefined {
  const value = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  if (!/^\d{1,8}(\.\d{1,2})?$/.test(value)) return undefined;
  const amount = Number(value);
  return amount > 0 ? amount : undefined;
}

/** Records a grant to a partner association for a year, under a commitment of the charter. */
export const addAssociationFunding = defineOperation({
  name: 'prevention.add-association-funding',
  permission: 'prevention.manage',
  async run({ tx, tenant, clock, audit }, input: FundingInput) {
    const commitment = await lockCommitment(tx, input.commitmentId);
    const problems: FieldProblem[] = [];
    const association = isUuid(input.associationId.trim())
      ? await tx
          .selectFrom('prevention_associations')
          .select('id')
          .where('id', '=', input.associationId.trim())
          .where(sql<boolean>`tenant_id = quietude_tenant()`)
          .executeTakeFirst()
      : undefined;
    if (!association)
      problems.push({ field: 'associationId', message: 'choose a partner association', fr: 'choisissez une association' });
    const year = Number(input.year.trim());
    if (!/^\d{4}$/.test(input.year.trim()) || year < 2000 || year > 2100)
      problems.push({ field: 'year', message: 'must be a year from 2000 to 2100', fr: 'une année de 2000 à 2100' });
    const amount = readAmount(input.amount);
    if (amount === undefined)
      problems.push({ field: 'amount', message: 'must be an amount in euros above 0', fr: 'un montant en euros supérieur à 0' });
    const purpose = readText(problems, 'purpose', input.purpose, 3, 300) as string;
    throwIfProblems(problems);
    const row = await tx
      .insertInto('prevention_association_fundings')
      .values({
        tenant_id: tenant.id,
        commitment_id: commitment.id,
        association_id: association!.id,
        year,
        amount_eur: amount!,
        purpose,
        created_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({
      entityType: 'prevention-association-funding',
      entityId: row.id,
      fields: ['association_id', 'year', 'amount_eur', 'purpose'],
    });
    return row;
  },
});
