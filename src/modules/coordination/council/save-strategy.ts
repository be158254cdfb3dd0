import { defineOperation } from '../../../platform/access/operation.js';
import { AppError } from '../../../platform/errors.js';
import { Problems } from './council-input.js';

export interface StrategyInput {
  title?: string;
  /** The first of its three calendar years. */
  firstYear?: string;
  signedOn?: string;
  signatories?: string;
}

/** Creates the territorial strategy (STSPD) for three calendar years, with its signature when signed. */
export const saveStrategy = defineOperation({
  name: 'coordination.save-strategy',
  permission: 'coordination.manage',
  async run({ tx, tenant, clock, audit }, input: StrategyInput) {
    const problems = new Problems();
    const title = problems.text('title', input.title, 3, 200);
    const firstYear = problems.integer('firstYear', input.firstYear, 2000, 2098);
    const signedOn = problems.date('signedOn', input.signedOn, false);
    const signatories = problems.optionalText('signatories', input.signatories, 1000);
    problems.throwIfAny();
    const row = await tx
      .insertInto('coordination_strategies')
      .values({
        tenant_id: tenant.id,
        title,
        first_year: firstYear!,
        last_year: firstYear! + 2,
        signed_on: signedOn,
        signatories,
        created_at: clock.now(),
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'first_year']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row)
      throw new AppError('invalid_input', 'firstYear: a strategy starts that year', [
        { field: 'firstYear', message: 'a strategy already starts that year', fr: 'une stratégie commence déjà cette année-là' },
      ]);
    audit({ entityType: 'coordination-strategy', entityId: row.id, fields: ['title', 'period', 'signed_on', 'signatories'] });
    return row;
  },
});
