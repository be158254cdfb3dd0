import type { Tx } from '../../../db/database.js';

/** The strategies, newest first, each with its axes and their action sheets. */
export async function loadStrategies(tx: Tx) {
  const strategies = await tx.selectFrom('coordination_strategies').selectAll().orderBy('first_year', 'desc').execute();
  const axes = await tx.selectFrom('coordination_axes').selectAll().orderBy('number').execute();
  const sheets = await tx
    .selectFrom('coordination_action_sheets as a')
    .innerJoin('organisations as o', 'o.id', 'a.lead_organisation_id')
    .select(['a.id', 'a.axis_id', 'a.number', 'a.title', 'a.state', 'a.starts_on', 'a.ends_on', 'o.name as lead'])
    .orderBy('a.number')
    .execute();
  return strategies.map((s) => ({
    ...s,
    axes: axes.filter((a) => a.strategy_id === s.id).map((a) => ({ ...a, sheets: sheets.filter((sh) => sh.axis_id === a.id) })),
  }));
}

/** One action sheet with its axis, strategy, partners, territories and reviews. */
export async function loadSheet(tx: Tx, id: string) {
  const sheet = await tx
    .selectFrom('coordination_action_sheets as a')
    .innerJoin('coordination_axes as x', 'x.id', 'a.axis_id')
    .innerJoin('coordination_strategies as s', 's.id', 'x.strategy_id')
    .innerJoin('organisations as o', 'o.id', 'a.lead_organisation_id')
    .selectAll('a')
    .select([
      'x.number as axis_number',
      'x.title as axis_title',
      's.title as strategy_title',
      's.first_year',
      's.last_year',
      'o.name as lead',
    ])
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!sheet) return undefined;
  const partners = await tx
    .selectFrom('coordination_sheet_partners as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select(['o.id', 'o.name'])
    .where('p.sheet_id', '=', id)
    .orderBy('o.name')
    .execute();
  const territories = await tx
    .selectFrom('coordination_sheet_territories as t')
    .innerJoin('territories as r', 'r.id', 't.territory_id')
    .select(['r.id', 'r.kind', 'r.name'])
    .where('t.sheet_id', '=', id)
    .orderBy('r.name')
    .execute();
  const reviews = await tx
    .selectFrom('coordination_sheet_reviews')
    .select(['year', 'text', 'state', 'reviewed_at'])
    .where('sheet_id', '=', id)
    .orderBy('year')
    .execute();
  return { sheet, partners, territories, reviews };
}

/** Action sheets to pick from (decisions, tasks, funding files). */
export const sheetChoices = (tx: Tx) =>
  tx
    .selectFrom('coordination_action_sheets as a')
    .innerJoin('coordination_axes as x', 'x.id', 'a.axis_id')
    .select(['a.id', 'a.number', 'a.title', 'x.number as axis_number'])
    .orderBy('x.number')
    .orderBy('a.number')
    .execute();
