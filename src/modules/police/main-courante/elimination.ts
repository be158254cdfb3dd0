import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';
import { defineOperation } from '../../../platform/access/operation.js';
import { AppError, invalidInput, notFound } from '../../../platform/errors.js';
import { isUuid } from './check-entry.js';

/** The main courante's legal retention in the active base: 3 years (arrêté du 14 avril 2009). */
export const MAIN_COURANTE_DAYS = 3 * 365;

/**
 * The nightly purge's part for the main courante: it destroys nothing. Entries called before `before` that are not
 * on a list yet leave the active base onto a new elimination list (bordereau d'élimination) for the Archives
 * départementales' approval. Returns how many entries were destroyed: always 0 here.
 */
export async function proposeElimination(tx: Tx, tenantId: string, before: Date): Promise<number> {
  const due = tx
    .selectFrom('main_courante_entries')
    .where('tenant_id', '=', tenantId)
    .where('elimination_list_id', 'is', null)
    .where('called_at', '<', before);
  const { n } = await due.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  if (Number(n) === 0) return 0;
  const list = await tx
    .insertInto('main_courante_elimination_lists')
    .values({ tenant_id: tenantId, created_at: sql<Date>`now()`, cutoff: before, entry_count: Number(n) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('main_courante_elimination_items')
    .columns(['list_id', 'tenant_id', 'entry_number', 'called_at', 'kind', 'nature'])
    .expression(
      due.select([
        sql<string>`${list.id}::uuid`.as('list_id'),
        'tenant_id',
        sql<string>`year || '-' || lpad(number::text, 6, '0')`.as('entry_number'),
        'called_at',
        'kind',
        'nature',
      ]),
    )
    .execute();
  await tx
    .updateTable('main_courante_entries')
    .set({ elimination_list_id: list.id })
    .where('tenant_id', '=', tenantId)
    .where('elimination_list_id', 'is', null)
    .where('called_at', '<', before)
    .execute();
  return 0;
}

/**
 * Records the archives' approval (visa) of an elimination list, then destroys its entries with their agents, people
 * and amendments. The list and its items (number, date, kind, nature) stay as the proof of what was destroyed.
 */
export const approveElimination = defineOperation({
  name: 'police.approve-main-courante-elimination',
  permission: 'police.validate',
  async run({ tx, clock, actor, audit }, input: { id: string; reference: string }): Promise<{ destroyed: number }> {
    const list = isUuid(input.id)
      ? await tx.selectFrom('main_courante_elimination_lists').selectAll().where('id', '=', input.id).executeTakeFirst()
      : undefined;
    if (!list) throw notFound('Elimination list');
    if (list.status !== 'pending')
      throw new AppError('conflict', 'This list was already approved and its entries destroyed.', [
        { field: 'id', message: 'already destroyed', fr: 'Ce bordereau a déjà été visé et ses entrées détruites.' },
      ]);
    const reference = (input.reference ?? '').trim();
    if (!reference || reference.length > 200)
      throw invalidInput(
        'reference',
        'the archives’ approval reference (1 to 200 characters)',
        'indiquez la référence du visa des Archives',
      );
    const result = await tx.deleteFrom('main_courante_entries').where('elimination_list_id', '=', list.id).executeTakeFirst();
    const now = clock.now();
    await tx
      .updateTable('main_courante_elimination_lists')
      .set({ status: 'destroyed', approval_reference: reference, approved_by: actor.label, approved_at: now, destroyed_at: now })
      .where('id', '=', list.id)
      .execute();
    const destroyed = Number(result.numDeletedRows);
    audit({
      entityType: 'main-courante-elimination',
      entityId: list.id,
      fields: ['approval_reference', 'entries'],
      count: destroyed,
    });
    return { destroyed };
  },
});

/** The lists, newest first, and one list's items (for the CSV and PDF bordereau). */
export const listEliminations = (tx: Tx) =>
  tx.selectFrom('main_courante_elimination_lists').selectAll().orderBy('created_at', 'desc').execute();

export const eliminationItems = (tx: Tx, listId: string) =>
  tx
    .selectFrom('main_courante_elimination_items')
    .select(['entry_number', 'called_at', 'kind', 'nature'])
    .where('list_id', '=', listId)
    .orderBy('entry_number')
    .execute();
