import { sql } from 'kysely';
import { defineOperation } from '../../../platform/access/operation.js';
import { notFound } from '../../../platform/errors.js';
import { isUuid, mine, Problems, tenantOrganisation } from './council-input.js';
import { sheetStates } from './tables.js';

export interface ActionSheetInput {
  /** Absent: a new sheet, numbered after the axis's last one. */
  id?: string;
  axisId?: string;
  title?: string;
  objective?: string;
  leadOrganisationId?: string;
  partnerOrganisationIds?: string[];
  /** The tenant's territories (communes, quartiers, QPV…). */
  territoryIds?: string[];
  publicConcerned?: string;
  means?: string;
  startsOn?: string;
  endsOn?: string;
  state?: string;
}

/**
 * Writes an action sheet of the strategy: objective, lead and partners (organisations of the tenant),
 * territories, public, means, schedule and state. Every field is checked before anything is written.
 */
export const saveActionSheet = defineOperation({
  name: 'coordination.save-action-sheet',
  permission: 'coordination.manage',
  async run({ tx, tenant, clock, audit }, input: ActionSheetInput) {
    const problems = new Problems();
    const existing = input.id
      ? isUuid(input.id)
        ? await tx
            .selectFrom('coordination_action_sheets')
            .select(['id', 'axis_id'])
            .where('id', '=', input.id)
            .executeTakeFirst()
        : undefined
      : null;
    if (existing === undefined) throw notFound('Action sheet');
    const axisId = (input.axisId ?? existing?.axis_id ?? '').trim();
    const axis = isUuid(axisId)
      ? await tx
          .selectFrom('coordination_axes as a')
          .innerJoin('coordination_strategies as s', 's.id', 'a.strategy_id')
          .select(['a.id', 's.first_year', 's.last_year'])
          .where('a.id', '=', axisId)
          .executeTakeFirst()
      : undefined;
    if (!axis) problems.add('axisId', 'is not an axis of the strategy', 'axe inconnu');
    const title = problems.text('title', input.title, 3, 200);
    const objective = problems.text('objective', input.objective, 3, 4000);
    const lead = await tenantOrganisation(tx, problems, 'leadOrganisationId', input.leadOrganisationId);
    const partners = [...new Set((input.partnerOrganisationIds ?? []).map((p) => p.trim()).filter(Boolean))];
    for (const partner of partners) await tenantOrganisation(tx, problems, 'partnerOrganisationIds', partner);
    const territories = [...new Set((input.territoryIds ?? []).map((p) => p.trim()).filter(Boolean))];
    const known = territories.filter(isUuid).length
      ? await tx.selectFrom('territories').select('id').where('id', 'in', territories.filter(isUuid)).where(mine).execute()
      : [];
    if (known.length !== territories.length)
      problems.add('territoryIds', 'lists a territory that is not this local authority’s', 'territoire inconnu');
    const publicConcerned = problems.optionalText('publicConcerned', input.publicConcerned, 1000) ?? '';
    const means = problems.optionalText('means', input.means, 4000) ?? '';
    const startsOn = problems.date('startsOn', input.startsOn);
    const endsOn = problems.date('endsOn', input.endsOn);
    if (startsOn && endsOn && endsOn < startsOn)
      problems.add('endsOn', 'must not be before the start', 'ne peut pas précéder le début');
    const state = problems.oneOf('state', input.state, sheetStates);
    problems.throwIfAny();
    const now = clock.now();
    const values = {
      axis_id: axis!.id,
      title,
      objective,
      lead_organisation_id: lead!,
      public_concerned: publicConcerned,
      means,
      starts_on: startsOn!,
      ends_on: endsOn!,
      state: state!,
      updated_at: now,
    };
    let id: string;
    if (existing) {
      id = existing.id;
      await tx.updateTable('coordination_action_sheets').set(values).where('id', '=', id).execute();
      await tx.deleteFrom('coordination_sheet_partners').where('sheet_id', '=', id).execute();
      await tx.deleteFrom('coordination_sheet_territories').where('sheet_id', '=', id).execute();
    } else {
      // Numbered after the axis's last sheet; the unique (axis, number) refuses a concurrent twin.
      const number = await tx
        .selectFrom('coordination_action_sheets')
        .select(sql<number>`coalesce(max(number), 0) + 1`.as('n'))
        .where('axis_id', '=', axis!.id)
        .executeTakeFirstOrThrow();
      const row = await tx
        .insertInto('coordination_action_sheets')
        .values({ ...values, tenant_id: tenant.id, number: Number(number.n), created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = row.id;
    }
    if (partners.length)
      await tx
        .insertInto('coordination_sheet_partners')
        .values(partners.map((organisation_id) => ({ sheet_id: id, organisation_id, tenant_id: tenant.id })))
        .execute();
    if (territories.length)
      await tx
        .insertInto('coordination_sheet_territories')
        .values(territories.map((territory_id) => ({ sheet_id: id, territory_id, tenant_id: tenant.id })))
        .execute();
    audit({
      entityType: 'coordination-action-sheet',
      entityId: id,
      fields: ['axis', 'title', 'objective', 'lead', 'partners', 'territories', 'public', 'means', 'schedule', 'state'],
    });
    return { id };
  },
});
