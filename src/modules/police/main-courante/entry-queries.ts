import { type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Tx } from '../../../db/database.js';
import type { DB } from '../../../db/schema.js';
import { invalidInput } from '../../../platform/errors.js';
import { isUuid } from './check-entry.js';
import { readInstant } from './local-time.js';
import { natureOf } from './natures.js';
import { type EntryKind, entryKinds } from './tables.js';

/** The list's filters, checked: dates are local days of the tenant (`to` included). */
export interface EntryFilter {
  from?: Date;
  to?: Date;
  kind?: EntryKind;
  nature?: string;
  territory?: string;
  agent?: string;
  validated?: boolean;
}

export type RawFilter = Partial<Record<'from' | 'to' | 'kind' | 'nature' | 'territory' | 'agent' | 'validated', string>>;

/** Reads the filters of a list or statistics request; a bad one is a 400 naming it. */
export function readFilter(raw: RawFilter, zone: string): EntryFilter {
  const filter: EntryFilter = {};
  const day = (field: 'from' | 'to', value: string, endOfDay: boolean) => {
    const at = /^\d{4}-\d{2}-\d{2}$/.test(value) ? readInstant(`${value}T00:00`, zone) : undefined;
    if (!at) throw invalidInput(field, 'must be a date (YYYY-MM-DD)', 'date attendue (AAAA-MM-JJ)');
    // The end of a local day: the start of the next one (daylight saving changes included).
    if (!endOfDay) return at;
    const next = new Date(`${value}T12:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    return readInstant(`${next.toISOString().slice(0, 10)}T00:00`, zone) as Date;
  };
  if (raw.from) filter.from = day('from', raw.from, false);
  if (raw.to) filter.to = day('to', raw.to, true);
  if (raw.kind) {
    if (!entryKinds.includes(raw.kind as EntryKind))
      throw invalidInput('kind', 'must be judicial or administrative', 'type inconnu');
    filter.kind = raw.kind as EntryKind;
  }
  if (raw.nature) {
    if (!natureOf(raw.nature)) throw invalidInput('nature', 'unknown nature', 'nature inconnue');
    filter.nature = raw.nature;
  }
  if (raw.territory) {
    if (!isUuid(raw.territory)) throw invalidInput('territory', 'unknown territory', 'territoire inconnu');
    filter.territory = raw.territory;
  }
  if (raw.agent) {
    if (!isUuid(raw.agent)) throw invalidInput('agent', 'unknown agent', 'agent inconnu');
    filter.agent = raw.agent;
  }
  if (raw.validated) {
    if (raw.validated !== 'yes' && raw.validated !== 'no') throw invalidInput('validated', 'must be yes or no', 'oui ou non');
    filter.validated = raw.validated === 'yes';
  }
  return filter;
}

type EntryEb = ExpressionBuilder<DB & { e: DB['main_courante_entries'] }, 'e'>;

/** The where clause of a filter on `main_courante_entries as e` (active entries only). */
export function matching(filter: EntryFilter) {
  return (eb: EntryEb) => {
    const parts: ReturnType<EntryEb>[] = [eb('e.elimination_list_id', 'is', null) as never];
    if (filter.from) parts.push(eb('e.called_at', '>=', filter.from) as never);
    if (filter.to) parts.push(eb('e.called_at', '<', filter.to) as never);
    if (filter.kind) parts.push(eb('e.kind', '=', filter.kind) as never);
    if (filter.nature) parts.push(eb('e.nature', '=', filter.nature) as never);
    if (filter.territory)
      // A commune's filter includes its arrondissements: the entry's territory lies within the chosen one.
      parts.push(
        sql<SqlBool>`e.territory_id IN (SELECT inner_t.id FROM territories inner_t, territories outer_t
          WHERE outer_t.id = ${filter.territory} AND ST_Covers(outer_t.geom, ST_PointOnSurface(inner_t.geom)))` as never,
      );
    if (filter.agent)
      parts.push(
        eb.exists(
          eb
            .selectFrom('main_courante_entry_agents as ea')
            .select('ea.agent_id')
            .whereRef('ea.entry_id', '=', 'e.id')
            .where('ea.agent_id', '=', filter.agent),
        ) as never,
      );
    if (filter.validated !== undefined) parts.push(eb('e.validated_at', filter.validated ? 'is not' : 'is', null) as never);
    return eb.and(parts as never);
  };
}

export const PAGE_SIZE = 50;

/** A page of entries, newest call first, with what the list and the map show (no people, no findings). */
export async function listEntries(tx: Tx, filter: EntryFilter, page: { limit: number; offset: number }) {
  const rows = await tx
    .selectFrom('main_courante_entries as e')
    .leftJoin('territories as t', 't.id', 'e.territory_id')
    .select([
      'e.id',
      'e.year',
      'e.number',
      'e.kind',
      'e.nature',
      'e.natinf_code',
      'e.source',
      'e.report_id',
      'e.called_at',
      'e.arrived_at',
      'e.ended_at',
      'e.validated_at',
      't.name as territory',
      sql<number | null>`ST_Y(e.geom)`.as('lat'),
      sql<number | null>`ST_X(e.geom)`.as('lon'),
    ])
    .where(matching(filter))
    .orderBy('e.called_at', 'desc')
    .orderBy('e.id')
    .limit(page.limit + 1)
    .offset(page.offset)
    .execute();
  return { rows: rows.slice(0, page.limit), more: rows.length > page.limit };
}

/** The agents the forms offer, by staff number. */
export const listAgents = (tx: Tx) =>
  tx
    .selectFrom('police_agents')
    .select(['id', 'staff_number', 'family_name', 'given_name', 'user_id'])
    .orderBy('staff_number')
    .execute();

/** The tenant's territories for the filters. */
export const listTerritories = (tx: Tx) =>
  tx
    .selectFrom('territories')
    .select(['id', 'name', 'kind'])
    .where('tenant_id', '=', sql<string>`quietude_tenant()`)
    .orderBy('kind')
    .orderBy('name')
    .execute();
