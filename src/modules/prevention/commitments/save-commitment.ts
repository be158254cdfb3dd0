import { sql } from 'kysely';
import { defineOperation } from '../../../platform/access/operation.js';
import type { FieldProblem } from '../../../platform/errors.js';
import { type CommitmentInput, readCommitmentInput, throwIfProblems } from './commitment-input.js';
import { lockCommitment } from './commitment-queries.js';

/**
 * Adds a commitment of the charter, or changes one (its state and date included). Every field is checked
 * before anything is written; a linked programme must be one of the tenant's.
 */
export const saveCommitment = defineOperation({
  name: 'prevention.save-commitment',
  permission: 'prevention.manage',
  async run({ tx, tenant, clock, audit }, input: CommitmentInput & { id?: string }) {
    const problems: FieldProblem[] = [];
    const values = readCommitmentInput(input, problems);
    if (values.programmeId) {
      const known = await tx
        .selectFrom('prevention_programmes')
        .select('id')
        .where('id', '=', values.programmeId)
        .where(sql<boolean>`tenant_id = quietude_tenant()`)
        .executeTakeFirst();
      if (!known) problems.push({ field: 'programmeId', message: 'is not a programme of this tenant', fr: 'programme inconnu' });
    }
    if (input.id) await lockCommitment(tx, input.id);
    const clash = await tx
      .selectFrom('prevention_commitments')
      .select('id')
      .where(sql<boolean>`tenant_id = quietude_tenant()`)
      .where('title', '=', values.title)
      .$if(Boolean(input.id), (q) => q.where('id', '<>', input.id as string))
      .executeTakeFirst();
    if (clash)
      problems.push({ field: 'title', message: 'another commitment has this title', fr: 'un autre engagement porte ce titre' });
    throwIfProblems(problems);
    const now = clock.now();
    const columns = {
      title: values.title,
      description: values.description,
      kind: values.kind,
      state: values.state,
      state_on: values.stateOn,
      service: values.service,
      internal_note: values.internalNote,
      target: values.target,
      position: values.position,
      programme_id: values.programmeId,
      police_training_module_id: values.policeTrainingModuleId,
      report_category: values.reportCategory,
      updated_at: now,
    };
    let id = input.id;
    if (id) await tx.updateTable('prevention_commitments').set(columns).where('id', '=', id).execute();
    else
      id = (
        await tx
          .insertInto('prevention_commitments')
          .values({ tenant_id: tenant.id, ...columns, created_at: now })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    audit({ entityType: 'prevention-commitment', entityId: id, fields: Object.keys(columns).filter((c) => c !== 'updated_at') });
    return { id };
  },
});
