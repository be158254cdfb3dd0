import type { Tx } from '../../../db/database.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { isUuid } from './check-entry.js';

/** An entry of the tenant still in the active base (not on an elimination list), or 404. */
export async function activeEntry(tx: Tx, id: string) {
  const entry = isUuid(id)
    ? await tx
        .selectFrom('main_courante_entries')
        .selectAll()
        .where('id', '=', id)
        .where('elimination_list_id', 'is', null)
        .executeTakeFirst()
    : undefined;
  if (!entry) throw notFound('Main courante entry');
  return entry;
}

/** A validated entry is locked: the way forward is an amendment, kept and audited. */
export const lockedEntry = () =>
  new AppError(
    'conflict',
    'This entry was validated and is locked: record an amendment instead (POST …/amendments, or « Amender » on its page), which keeps the previous values.',
    [
      {
        field: 'id',
        message: 'validated entries are changed by amendment only',
        fr: 'Entrée validée, donc verrouillée : enregistrez un amendement (bouton « Amender »), qui garde les valeurs précédentes.',
      },
    ],
  );
