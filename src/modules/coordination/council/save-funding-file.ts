import { defineOperation } from '../../../platform/access/operation.js';
import { notFound } from '../../../platform/errors.js';
import { isUuid, ownRow, Problems } from './council-input.js';
import { fileStates, funders } from './tables.js';

export interface FundingFileInput {
  /** Absent: a new file. */
  id?: string;
  funder?: string;
  funderName?: string;
  actionSheetId?: string;
  year?: string;
  /** Euros as typed (« 12 500,50 »); stored in cents. */
  asked?: string;
  granted?: string;
  spent?: string;
  state?: string;
}

/**
 * Writes a funding file (FIPD or another funder) for an action sheet: amounts asked, granted and spent.
 * Amounts are never negative; spending more than was granted is refused (the funder would claw it back:
 * the file must first record the higher grant), and a file cannot be granted without a granted amount.
 */
export const saveFundingFile = defineOperation({
  name: 'coordination.save-funding-file',
  permission: 'coordination.manage',
  async run({ tx, tenant, clock, audit }, input: FundingFileInput) {
    const existing = input.id
      ? isUuid(input.id)
        ? await tx.selectFrom('coordination_funding_files').select('id').where('id', '=', input.id).executeTakeFirst()
        : undefined
      : null;
    if (existing === undefined) throw notFound('Funding file');
    const problems = new Problems();
    const funder = problems.oneOf('funder', input.funder, funders);
    const typedName = (input.funderName ?? '').trim();
    const funderName =
      funder === 'fipd' && typedName === ''
        ? 'FIPD — Fonds interministériel de prévention de la délinquance'
        : problems.text('funderName', input.funderName, 2, 200);
    const sheetId = await ownRow(tx, problems, 'actionSheetId', 'coordination_action_sheets', input.actionSheetId, true);
    const year = problems.integer('year', input.year, 2000, 2100);
    const asked = problems.euros('asked', input.asked);
    const granted = problems.euros('granted', input.granted, false);
    const spent = problems.euros('spent', input.spent, false) ?? 0;
    const state = problems.oneOf('state', input.state, fileStates);
    if (spent > 0 && granted === null && !problems.has('granted'))
      problems.add('spent', 'record the amount granted before the spending', 'indiquez le montant accordé avant la dépense');
    else if (granted !== null && spent > granted)
      problems.add('spent', 'must not exceed the amount granted', 'ne peut pas dépasser le montant accordé');
    if ((state === 'granted' || state === 'closed') && granted === null && !problems.has('granted'))
      problems.add('granted', 'a granted file needs the amount granted', 'indiquez le montant accordé');
    problems.throwIfAny();
    const now = clock.now();
    const values = {
      funder: funder!,
      funder_name: funderName,
      action_sheet_id: sheetId!,
      year: year!,
      asked_cents: asked!,
      granted_cents: granted,
      spent_cents: spent,
      state: state!,
      updated_at: now,
    };
    let id: string;
    if (existing) {
      id = existing.id;
      await tx.updateTable('coordination_funding_files').set(values).where('id', '=', id).execute();
    } else {
      const row = await tx
        .insertInto('coordination_funding_files')
        .values({ ...values, tenant_id: tenant.id, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = row.id;
    }
    audit({
      entityType: 'coordination-funding-file',
      entityId: id,
      fields: ['funder', 'action_sheet', 'year', 'asked', 'granted', 'spent', 'state'],
    });
    return { id };
  },
});
