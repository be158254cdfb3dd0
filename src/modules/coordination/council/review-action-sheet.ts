import { defineOperation } from '../../../platform/access/operation.js';
import { notFound } from '../../../platform/errors.js';
import { isUuid, Problems } from './council-input.js';
import { sheetStates } from './tables.js';

export interface ReviewInput {
  sheetId: string;
  year?: string;
  text?: string;
  state?: string;
}

/** Writes (or rewrites) an action sheet's yearly review; the sheet takes the review's state. */
export const reviewActionSheet = defineOperation({
  name: 'coordination.review-action-sheet',
  permission: 'coordination.manage',
  async run({ tx, tenant, clock, audit }, input: ReviewInput) {
    const sheet = isUuid(input.sheetId)
      ? await tx
          .selectFrom('coordination_action_sheets as a')
          .innerJoin('coordination_axes as x', 'x.id', 'a.axis_id')
          .innerJoin('coordination_strategies as s', 's.id', 'x.strategy_id')
          .select(['a.id', 's.first_year', 's.last_year'])
          .where('a.id', '=', input.sheetId)
          .executeTakeFirst()
      : undefined;
    if (!sheet) throw notFound('Action sheet');
    const problems = new Problems();
    const year = problems.integer('year', input.year, sheet.first_year, sheet.last_year);
    const text = problems.text('text', input.text, 3, 10_000);
    const state = problems.oneOf('state', input.state, sheetStates);
    problems.throwIfAny();
    const now = clock.now();
    await tx
      .insertInto('coordination_sheet_reviews')
      .values({ sheet_id: sheet.id, year: year!, tenant_id: tenant.id, text, state: state!, reviewed_at: now })
      .onConflict((oc) => oc.columns(['sheet_id', 'year']).doUpdateSet({ text, state: state!, reviewed_at: now }))
      .execute();
    await tx
      .updateTable('coordination_action_sheets')
      .set({ state: state!, updated_at: now })
      .where('id', '=', sheet.id)
      .execute();
    audit({ entityType: 'coordination-action-sheet', entityId: sheet.id, fields: ['review', 'state'] });
    return { id: sheet.id };
  },
});
