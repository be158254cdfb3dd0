import { defineOperation } from '../../../platform/access/operation.js';
import { checkFigureSource } from '../../../platform/figures/figure-registry.js';
import { isUuid, Problems } from './council-input.js';
import { directions, MANUAL_SOURCE } from './tables.js';

export interface IndicatorInput {
  sheetId?: string;
  label?: string;
  /** A figure id offered by the tenant's modules (`reports.received`…), or « manual ». */
  sourceId?: string;
  sourceOption?: string;
  targetValue?: string;
  targetYear?: string;
  baselineYear?: string;
  direction?: string;
}

/**
 * Adds an indicator to an action sheet: a live figure of one of the tenant's modules (with its option, such
 * as a report category) or values typed by hand; a target for a year of the strategy, a baseline year and
 * whether the figure should go up or down. An unknown source or option is refused naming the field.
 */
export const addIndicator = defineOperation({
  name: 'coordination.add-indicator',
  permission: 'coordination.manage',
  async run({ tx, tenant, clock, audit }, input: IndicatorInput) {
    const problems = new Problems();
    const sheetId = (input.sheetId ?? '').trim();
    const sheet = isUuid(sheetId)
      ? await tx
          .selectFrom('coordination_action_sheets as a')
          .innerJoin('coordination_axes as x', 'x.id', 'a.axis_id')
          .innerJoin('coordination_strategies as s', 's.id', 'x.strategy_id')
          .select(['a.id', 's.first_year', 's.last_year'])
          .where('a.id', '=', sheetId)
          .executeTakeFirst()
      : undefined;
    if (!sheet) problems.add('sheetId', 'is not an action sheet of this local authority', 'fiche action inconnue');
    const label = problems.text('label', input.label, 3, 200);
    const sourceId = (input.sourceId ?? '').trim();
    const option = (input.sourceOption ?? '').trim();
    if (sourceId === MANUAL_SOURCE) {
      if (option)
        problems.add('source_option', 'a manual indicator takes no option', 'un indicateur saisi ne prend pas de précision');
    } else if (sourceId === '') problems.add('source', 'is required', 'choisissez une source');
    else {
      try {
        await checkFigureSource(tx, tenant.programmes, sourceId, option || undefined, 'source');
      } catch (error) {
        const details = (error as { details?: { field: string; message: string; fr?: string }[] }).details;
        if (!details) throw error;
        for (const d of details) problems.add(d.field, d.message, d.fr ?? d.message);
      }
    }
    const targetValue = problems.integer('targetValue', input.targetValue, 0, 100_000_000);
    const targetYear = problems.integer('targetYear', input.targetYear, 2000, 2100);
    const baselineYear = problems.integer('baselineYear', input.baselineYear, 2000, 2100, false);
    if (sheet && targetYear && (targetYear < sheet.first_year || targetYear > sheet.last_year))
      problems.add(
        'targetYear',
        `must be a year of the strategy (${sheet.first_year}–${sheet.last_year})`,
        `une année de la stratégie (${sheet.first_year}–${sheet.last_year})`,
      );
    if (baselineYear && targetYear && baselineYear >= targetYear)
      problems.add('baselineYear', 'must be before the target year', 'doit précéder l’année de l’objectif');
    const direction = problems.oneOf('direction', input.direction, directions);
    problems.throwIfAny();
    const row = await tx
      .insertInto('coordination_indicators')
      .values({
        tenant_id: tenant.id,
        sheet_id: sheet!.id,
        label,
        source_id: sourceId,
        source_option: option || null,
        target_value: targetValue!,
        target_year: targetYear!,
        baseline_year: baselineYear,
        direction: direction!,
        created_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({
      entityType: 'coordination-indicator',
      entityId: row.id,
      fields: ['sheet', 'label', 'source', 'target', 'baseline_year', 'direction'],
    });
    return row;
  },
});
