import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';
import type { CheckedEntry } from './check-entry.js';

/** An entry's content as comparable plain values: what an amendment keeps before and after. */
export type Snapshot = Record<string, unknown>;

const iso = (at: Date | null) => (at ? at.toISOString() : null);

export async function snapshotOf(tx: Tx, id: string): Promise<Snapshot> {
  const e = await tx
    .selectFrom('main_courante_entries')
    .selectAll()
    .select([sql<number | null>`ST_Y(geom)`.as('lat'), sql<number | null>`ST_X(geom)`.as('lon')])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const agents = await tx.selectFrom('main_courante_entry_agents').select('agent_id').where('entry_id', '=', id).execute();
  const people = await tx
    .selectFrom('main_courante_people')
    .select(['role', 'family_name', 'given_name', 'birth_year', 'phone'])
    .where('entry_id', '=', id)
    .orderBy('role')
    .orderBy('family_name')
    .execute();
  return {
    kind: e.kind,
    nature: e.nature,
    natinf_code: e.natinf_code,
    source: e.source,
    report_id: e.report_id,
    called_at: iso(e.called_at),
    arrived_at: iso(e.arrived_at),
    ended_at: iso(e.ended_at),
    place: e.lat === null ? null : { lat: e.lat, lon: e.lon },
    address: e.address,
    vehicles: [...e.vehicles].sort(),
    findings: e.findings,
    follow_up: [...e.follow_up].sort(),
    agents: agents.map((a) => a.agent_id).sort(),
    people: people.map((p) => ({ ...p })),
  };
}

export function snapshotOfChecked(entry: CheckedEntry): Snapshot {
  return {
    kind: entry.kind,
    nature: entry.nature,
    natinf_code: entry.natinfCode,
    source: entry.source,
    report_id: entry.reportId,
    called_at: iso(entry.calledAt),
    arrived_at: iso(entry.arrivedAt),
    ended_at: iso(entry.endedAt),
    place: entry.point,
    address: entry.address,
    vehicles: [...entry.vehicles].sort(),
    findings: entry.findings,
    follow_up: [...entry.followUp].sort(),
    agents: [...entry.agents].sort(),
    people: [...entry.people]
      .sort((a, b) => a.role.localeCompare(b.role) || (a.family_name ?? '').localeCompare(b.family_name ?? ''))
      .map((p) => ({ ...p })),
  };
}

/** The names of the fields whose values differ. */
export const changedFields = (before: Snapshot, after: Snapshot) =>
  Object.keys(after).filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
