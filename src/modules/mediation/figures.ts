import { sql } from 'kysely';
import type { FigureSource } from '../../platform/figures/figure-source.js';

/**
 * People met in encounters (contacts: someone met twice counts twice, as the activity report says
 * « personnes rencontrées »), and the encounters themselves.
 */
export const peopleMet: FigureSource = {
  id: 'mediation.people-met',
  label: { fr: 'Personnes rencontrées par la médiation', en: 'People met by mediation' },
  unit: { fr: 'contacts', en: 'contacts' },
  async count(tx, period) {
    const row = await tx
      .selectFrom('mediation_encounters')
      .select(sql<string>`coalesce(sum(people_count), 0)`.as('n'))
      .where('occurred_at', '>=', period.from)
      .where('occurred_at', '<', period.to)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
};

export const encounters: FigureSource = {
  id: 'mediation.encounters',
  label: { fr: 'Rencontres de médiation', en: 'Mediation encounters' },
  unit: { fr: 'rencontres', en: 'encounters' },
  async count(tx, period) {
    const row = await tx
      .selectFrom('mediation_encounters')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('occurred_at', '>=', period.from)
      .where('occurred_at', '<', period.to)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
};

export const mediationFigures: FigureSource[] = [peopleMet, encounters];
