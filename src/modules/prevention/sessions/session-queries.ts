import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';

const mine = sql<boolean>`tenant_id = quietude_tenant()`;

export interface ProgrammeProgress {
  id: string;
  title: string;
  goalClasses: number | null;
  goalYoungPeople: number | null;
  /** Sessions held so far this year (their classes and people reached count), and those still planned. */
  sessions: number;
  planned: number;
  classes: number;
  reached: number;
  associations: string[];
}

/**
 * Each programme of the tenant with its goal for the school year and what its sessions of that year held by `now`
 * reached; sessions planned after `now` are counted apart and do not count towards the goal.
 */
export async function programmesProgress(
  tx: Tx,
  schoolYear: string,
  from: Date,
  to: Date,
  now: Date,
): Promise<ProgrammeProgress[]> {
  const rows = await tx
    .selectFrom('prevention_programmes as p')
    .leftJoin('prevention_programme_goals as g', (j) =>
      j.onRef('g.programme_id', '=', 'p.id').on('g.school_year', '=', schoolYear),
    )
    .select((eb) => [
      'p.id',
      'p.title',
      'g.classes as goalClasses',
      'g.young_people as goalYoungPeople',
      eb
        .selectFrom('prevention_sessions as s')
        .select(
          sql<string>`json_build_array(
              count(*) FILTER (WHERE s.starts_at <= ${now}),
              coalesce(sum(s.classes) FILTER (WHERE s.starts_at <= ${now}), 0),
              coalesce(sum(s.reached) FILTER (WHERE s.starts_at <= ${now}), 0),
              count(*) FILTER (WHERE s.starts_at > ${now}))::text`.as('t'),
        )
        .whereRef('s.programme_id', '=', 'p.id')
        .where('s.starts_at', '>=', from)
        .where('s.starts_at', '<', to)
        .as('totals'),
      eb
        .selectFrom('prevention_programme_associations as pa')
        .innerJoin('prevention_associations as a', 'a.id', 'pa.association_id')
        .select(sql<string>`coalesce(json_agg(a.name ORDER BY a.name), '[]')::text`.as('n'))
        .whereRef('pa.programme_id', '=', 'p.id')
        .as('associations'),
    ])
    .where(sql<boolean>`p.tenant_id = quietude_tenant()`)
    .orderBy('p.title')
    .execute();
  return rows.map((r) => {
    const [sessions, classes, reached, planned] = (JSON.parse(r.totals ?? '[0,0,0,0]') as (number | string)[]).map(
      Number,
    ) as number[];
    return {
      id: r.id,
      title: r.title,
      goalClasses: r.goalClasses,
      goalYoungPeople: r.goalYoungPeople,
      sessions: sessions ?? 0,
      planned: planned ?? 0,
      classes: classes ?? 0,
      reached: reached ?? 0,
      associations: JSON.parse(r.associations ?? '[]') as string[],
    };
  });
}

/** The form's choices: associations (with their agrément date) and schools. */
export async function sessionChoices(tx: Tx) {
  return {
    associations: await tx
      .selectFrom('prevention_associations')
      .select(['id', 'name', 'agrement_on'])
      .where(mine)
      .orderBy('name')
      .execute(),
    schools: await tx
      .selectFrom('prevention_schools')
      .select(['uai', 'name', 'kind'])
      .where(mine)
      .orderBy('name')
      .limit(2000)
      .execute(),
  };
}

/** The latest sessions, newest first. */
export async function latestSessions(tx: Tx, limit = 20) {
  return tx
    .selectFrom('prevention_sessions as s')
    .innerJoin('prevention_programmes as p', 'p.id', 's.programme_id')
    .leftJoin('prevention_schools as sc', 'sc.id', 's.school_id')
    .leftJoin('prevention_associations as a', 'a.id', 's.association_id')
    .select([
      's.id',
      's.starts_at',
      'p.title as programme',
      sql<string>`coalesce(sc.name || ' (' || sc.uai || ')', s.place_name)`.as('place'),
      's.audience_level',
      's.reached',
      's.theme',
      sql<string>`concat_ws(', ', a.name, s.other_facilitators)`.as('facilitators'),
    ])
    .where(sql<boolean>`s.tenant_id = quietude_tenant()`)
    .orderBy('s.starts_at', 'desc')
    .limit(limit)
    .execute();
}

/** One session of the tenant with its programme, place and facilitators, or undefined. */
export function findSession(tx: Tx, id: string) {
  return tx
    .selectFrom('prevention_sessions as s')
    .innerJoin('prevention_programmes as p', 'p.id', 's.programme_id')
    .leftJoin('prevention_schools as sc', 'sc.id', 's.school_id')
    .leftJoin('prevention_associations as a', 'a.id', 's.association_id')
    .select([
      's.id',
      's.starts_at',
      'p.title as programme',
      's.place_kind',
      sql<string>`coalesce(sc.name || ' (' || sc.uai || ')', s.place_name)`.as('place'),
      's.head_agreement_on',
      's.audience_level',
      's.classes',
      's.reached',
      's.theme',
      sql<string>`concat_ws(', ', a.name, s.other_facilitators)`.as('facilitators'),
    ])
    .where('s.id', '=', id)
    .where(sql<boolean>`s.tenant_id = quietude_tenant()`)
    .executeTakeFirst();
}
