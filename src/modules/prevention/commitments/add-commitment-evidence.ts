import { defineOperation } from '../../../platform/access/operation.js';
import type { FieldProblem } from '../../../platform/errors.js';
import { readText } from '../sessions/session-input.js';
import { readDate, throwIfProblems } from './commitment-input.js';
import { lockCommitment } from './commitment-queries.js';

export interface EvidenceInput {
  commitmentId: string;
  happenedOn: string;
  text: string;
  /** A published document (council minutes, a press release…): an http(s) address. */
  link?: string;
}

/** Adds a dated piece of evidence to a commitment; it is shown on the public page with the commitment. */
export const addCommitmentEvidence = defineOperation({
  name: 'prevention.add-commitment-evidence',
  permission: 'prevention.manage',
  async run({ tx, tenant, clock, audit }, input: EvidenceInput) {
    const commitment = await lockCommitment(tx, input.commitmentId);
    const problems: FieldProblem[] = [];
    const happenedOn = readDate(problems, 'happenedOn', input.happenedOn);
    const text = readText(problems, 'text', input.text, 5, 1000) as string;
    const link = (input.link ?? '').trim();
    if (link !== '' && (!/^https?:\/\/[^\s]+$/.test(link) || link.length > 500 || !URL.canParse(link)))
      problems.push({ field: 'link', message: 'must be an http(s) address', fr: 'une adresse http(s)' });
    throwIfProblems(problems);
    const row = await tx
      .insertInto('prevention_commitment_evidence')
      .values({
        tenant_id: tenant.id,
        commitment_id: commitment.id,
        happened_on: happenedOn,
        text,
        link: link || null,
        created_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({ entityType: 'prevention-commitment-evidence', entityId: row.id, fields: ['happened_on', 'text', 'link'] });
    return row;
  },
});
