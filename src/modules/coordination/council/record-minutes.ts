import { defineOperation } from '../../../platform/access/operation.js';
import { notFound } from '../../../platform/errors.js';
import { isUuid, Problems } from './council-input.js';

/** A minutes PDF: a real PDF (it starts with "%PDF-"), at most 5 MB. */
export const MINUTES_PDF_LIMIT = 5 * 1024 * 1024;

export interface MinutesInput {
  sessionId: string;
  text?: string;
  pdf?: Buffer;
  /** « oui » / "1" / "on": the minutes are shown to readers of the council. */
  published?: string;
}

/** Records a session's minutes as text and/or a PDF, and whether they are published to the council's readers. */
export const recordMinutes = defineOperation({
  name: 'coordination.record-minutes',
  permission: 'coordination.manage',
  async run({ tx, tenant, clock, audit }, input: MinutesInput) {
    const session = isUuid(input.sessionId)
      ? await tx
          .selectFrom('coordination_sessions')
          .select(['id', 'minutes'])
          .where('id', '=', input.sessionId)
          .executeTakeFirst()
      : undefined;
    if (!session) throw notFound('Session');
    const problems = new Problems();
    const text = problems.optionalText('minutes', input.text, 50_000);
    const pdf = input.pdf && input.pdf.length > 0 ? input.pdf : undefined;
    if (pdf && pdf.length > MINUTES_PDF_LIMIT) problems.add('pdf', 'must be at most 5 MB', 'le PDF dépasse 5 Mo');
    else if (pdf && pdf.subarray(0, 5).toString('latin1') !== '%PDF-')
      problems.add('pdf', 'is not a PDF file', 'ce fichier n’est pas un PDF');
    const hasPdf =
      pdf !== undefined ||
      (await tx
        .selectFrom('coordination_session_minutes_pdfs')
        .select('session_id')
        .where('session_id', '=', session.id)
        .executeTakeFirst()) !== undefined;
    const published = ['1', 'on', 'oui', 'true'].includes((input.published ?? '').trim());
    if (published && !text && !hasPdf)
      problems.add(
        'minutes',
        'write the minutes or attach a PDF before publishing',
        'rédigez le compte rendu ou joignez un PDF avant de le publier',
      );
    problems.throwIfAny();
    await tx
      .updateTable('coordination_sessions')
      .set({ minutes: text, minutes_published: published })
      .where('id', '=', session.id)
      .execute();
    if (pdf)
      await tx
        .insertInto('coordination_session_minutes_pdfs')
        .values({ session_id: session.id, tenant_id: tenant.id, content: pdf, uploaded_at: clock.now() })
        .onConflict((oc) => oc.column('session_id').doUpdateSet({ content: pdf, uploaded_at: clock.now() }))
        .execute();
    audit({
      entityType: 'coordination-session',
      entityId: session.id,
      fields: ['minutes', 'minutes_published', ...(pdf ? ['minutes_pdf'] : [])],
    });
    return { id: session.id };
  },
});
