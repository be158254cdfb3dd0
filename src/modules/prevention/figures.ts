import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { FigureOption, FigureSource } from '../../platform/figures/figure-source.js';

const programmes = {
  label: { fr: 'Programme', en: 'Programme' },
  async list(tx: Tx): Promise<FigureOption[]> {
    const rows = await tx.selectFrom('prevention_programmes').select(['id', 'title']).orderBy('title').execute();
    return rows.map((r) => ({ value: r.id, label: { fr: r.title, en: r.title } }));
  },
};

/** Prevention sessions held (started) in the period, all or of one programme. */
export const sessionsHeld: FigureSource = {
  id: 'prevention.sessions-held',
  label: { fr: 'Séances de prévention tenues', en: 'Prevention sessions held' },
  unit: { fr: 'séances', en: 'sessions' },
  option: programmes,
  async count(tx, period, programmeId) {
    let query = tx
      .selectFrom('prevention_sessions')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('starts_at', '>=', period.from)
      .where('starts_at', '<', period.to);
    if (programmeId) query = query.where('programme_id', '=', programmeId);
    return Number((await query.executeTakeFirstOrThrow()).n);
  },
};

/** Young people (or adults) reached by those sessions, as the facilitators counted them. */
export const peopleReached: FigureSource = {
  id: 'prevention.people-reached',
  label: { fr: 'Personnes touchées par les séances', en: 'People reached by sessions' },
  unit: { fr: 'personnes', en: 'people' },
  option: programmes,
  async count(tx, period, programmeId) {
    let query = tx
      .selectFrom('prevention_sessions')
      .select(sql<string>`coalesce(sum(reached), 0)`.as('n'))
      .where('starts_at', '>=', period.from)
      .where('starts_at', '<', period.to);
    if (programmeId) query = query.where('programme_id', '=', programmeId);
    return Number((await query.executeTakeFirstOrThrow()).n);
  },
};

/**
 * Nitrous-oxide cartridges collected (counted ones only: weighed bottles are another unit). A date
 * counts in the period that holds its noon (UTC), as the night-stops log does.
 */
export const cartridgesCollected: FigureSource = {
  id: 'prevention.cartridges-collected',
  label: { fr: 'Cartouches de protoxyde d’azote ramassées', en: 'Nitrous-oxide cartridges collected' },
  unit: { fr: 'cartouches', en: 'cartridges' },
  async count(tx, period) {
    const row = await tx
      .selectFrom('prevention_collections')
      .select(sql<string>`coalesce(sum(cartridges), 0)`.as('n'))
      .where(sql<boolean>`(collected_on::timestamp + interval '12 hours') AT TIME ZONE 'UTC' >= ${period.from}`)
      .where(sql<boolean>`(collected_on::timestamp + interval '12 hours') AT TIME ZONE 'UTC' < ${period.to}`)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
};

export const preventionFigures: FigureSource[] = [sessionsHeld, peopleReached, cartridgesCollected];
