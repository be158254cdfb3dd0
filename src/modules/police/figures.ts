import { sql } from 'kysely';
import type { FigureSource } from '../../platform/figures/figure-source.js';
import { entrySources } from './main-courante/tables.js';

const sourceLabels: Record<(typeof entrySources)[number], { fr: string; en: string }> = {
  call: { fr: 'Appel', en: 'Call' },
  cctv: { fr: 'Vidéoprotection', en: 'CCTV' },
  patrol: { fr: 'Patrouille', en: 'Patrol' },
  walk_in: { fr: 'Accueil du poste', en: 'Walk-in' },
  report: { fr: 'Signalement', en: 'Report' },
};

/** Interventions logged in the main courante, by when the call came, all or by what started them. */
export const interventions: FigureSource = {
  id: 'police.interventions',
  label: { fr: 'Interventions de la police municipale', en: 'Municipal police interventions' },
  unit: { fr: 'interventions', en: 'interventions' },
  option: {
    label: { fr: 'Origine', en: 'Origin' },
    list: async () => entrySources.map((value) => ({ value, label: sourceLabels[value] })),
  },
  async count(tx, period, source) {
    let query = tx
      .selectFrom('main_courante_entries')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('called_at', '>=', period.from)
      .where('called_at', '<', period.to);
    if (source) query = query.where('source', '=', source as (typeof entrySources)[number]);
    const row = await query.executeTakeFirstOrThrow();
    return Number(row.n);
  },
};

/** Agents who attended a training session that started in the period (each agent once). */
export const agentsTrained: FigureSource = {
  id: 'police.agents-trained',
  label: { fr: 'Agents formés', en: 'Agents trained' },
  unit: { fr: 'agents', en: 'agents' },
  option: {
    label: { fr: 'Module de formation', en: 'Training module' },
    async list(tx) {
      const rows = await tx
        .selectFrom('police_training_modules')
        .select(['id', 'title'])
        .where(sql<boolean>`tenant_id = quietude_tenant()`)
        .orderBy('title')
        .execute();
      return rows.map((r) => ({ value: r.id, label: { fr: r.title, en: r.title } }));
    },
  },
  async count(tx, period, moduleId) {
    let query = tx
      .selectFrom('police_training_attendance as a')
      .innerJoin('police_training_sessions as s', 's.id', 'a.session_id')
      .select(sql<string>`count(DISTINCT a.agent_id)`.as('n'))
      .where('a.status', '=', 'attended')
      .where('s.starts_at', '>=', period.from)
      .where('s.starts_at', '<', period.to);
    if (moduleId) query = query.where('s.module_id', '=', moduleId);
    const row = await query.executeTakeFirstOrThrow();
    return Number(row.n);
  },
};

export const policeFigures: FigureSource[] = [interventions, agentsTrained];

/**
 * The median time from call to arrival on scene, in whole minutes, of the interventions called in the period that
 * record an arrival; null when none does. Not a FigureSource: a median is not a count and must never be added.
 * Read by the observatory.
 */
export async function responseTimeMedian(
  tx: Parameters<FigureSource['count']>[0],
  period: { from: Date; to: Date },
): Promise<{ minutes: number | null; interventions: number }> {
  const row = await tx
    .selectFrom('main_courante_entries')
    .select([
      sql<number | null>`percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM arrived_at - called_at))`.as('median'),
      sql<string>`count(*)`.as('n'),
    ])
    .where('called_at', '>=', period.from)
    .where('called_at', '<', period.to)
    .where('arrived_at', 'is not', null)
    .where(sql<boolean>`arrived_at >= called_at`)
    .executeTakeFirstOrThrow();
  const median = row.median === null ? null : Number(row.median);
  return { minutes: median === null ? null : Math.round(median / 60), interventions: Number(row.n) };
}
