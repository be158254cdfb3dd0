import { sql } from 'kysely';
import { defineOperation } from '../../../platform/access/operation.js';
import { AppError } from '../../../platform/errors.js';
import { isUuid } from '../sessions/session-input.js';
import { lockCommitment } from './commitment-queries.js';

/** Removes a piece of evidence added by mistake (it leaves the public page at once); 404 when it is not the commitment's. */
export const removeCommitmentEvidence = defineOperation({
  name: 'prevention.remove-commitment-evidence',
  permission: 'prevention.manage',
  async run({ tx, audit }, input: { commitmentId: string; evidenceId: string }) {
    const commitment = await lockCommitment(tx, input.commitmentId);
    const removed = isUuid(input.evidenceId)
      ? await tx
          .deleteFrom('prevention_commitment_evidence')
          .where('id', '=', input.evidenceId)
          .where('commitment_id', '=', commitment.id)
          .where(sql<boolean>`tenant_id = quietude_tenant()`)
          .returning('id')
          .executeTakeFirst()
      : undefined;
    if (!removed) throw new AppError('not_found', 'Evidence not found');
    audit({
      entityType: 'prevention-commitment-evidence',
      entityId: removed.id,

      fields: ['happened_on', 'text', 'link'],
    });
  },
});
