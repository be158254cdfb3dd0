import { sql } from 'kysely';
import { defineOperation } from '../../../platform/access/operation.js';
import { AppError, type FieldProblem } from '../../../platform/errors.js';
import { isDate } from '../orders/order-input.js';
import { isUuid, readText } from './session-input.js';

export interface AssociationInput {
  name: string;
  /** The Éducation nationale approval: its reference and date (both or neither). */
  agrementReference?: string;
  agrementOn?: string;
  programmeIds: string[];
}

/** Adds a partner association, with its agrément when it has one, linked to programmes. */
export const addAssociation = defineOperation({
  name: 'prevention.add-association',
  permission: 'prevention.manage',
  async run({ tx, tenant, clock, audit }, input: AssociationInput) {
    const problems: FieldProblem[] = [];
    const name = readText(problems, 'name', input.name, 2, 200) as string;
    const reference = readText(problems, 'agrementReference', input.agrementReference, 1, 120, true);
    const on = (input.agrementOn ?? '').trim();
    if (on !== '' && !isDate(on))
      problems.push({ field: 'agrementOn', message: 'must be a date YYYY-MM-DD', fr: 'une date (AAAA-MM-JJ)' });
    if (reference && on === '')
      problems.push({ field: 'agrementOn', message: 'the agrément needs its date', fr: 'indiquez la date de l’agrément' });
    const programmes = input.programmeIds.filter(isUuid);
    const known = programmes.length
      ? await tx
          .selectFrom('prevention_programmes')
          .select('id')
          .where('id', 'in', programmes)
          .where(sql<boolean>`tenant_id = quietude_tenant()`)
          .execute()
      : [];
    if (known.length !== input.programmeIds.length)
      problems.push({ field: 'programmeIds', message: 'names a programme that does not exist', fr: 'programme inconnu' });
    if (problems.length)
      throw new AppError('invalid_input', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
    const row = await tx
      .insertInto('prevention_associations')
      .values({ tenant_id: tenant.id, name, agrement_reference: reference, agrement_on: on || null, created_at: clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const programme of known)
      await tx
        .insertInto('prevention_programme_associations')
        .values({ programme_id: programme.id, association_id: row.id, tenant_id: tenant.id })
        .execute();
    audit({ entityType: 'prevention-association', entityId: row.id, fields: ['name', 'agrement', 'programmes'] });
    return row;
  },
});
