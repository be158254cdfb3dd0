import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';
import type { Actor } from '../../../platform/access/actor.js';
import { AppError, type FieldProblem } from '../../../platform/errors.js';
import { isAnswerable } from '../../reports/answered-report.js';
import { reportInReach } from '../../reports/report-access.js';
import type { CheckedEntry } from './check-entry.js';

/** The entry's number as people read it: year and six digits, e.g. 2026-000123. */
export const entryNumber = (year: number, number: number) => `${year}-${String(number).padStart(6, '0')}`;

/**
 * The checks that need the database, all at once: agents of this tenant, a known NATINF code, a report within the
 * actor's reach that is still open (`checkReport`: only when the link is new).
 */
export async function checkReferences(
  tx: Tx,
  actor: Actor,
  entry: CheckedEntry,
  options: { checkReport: boolean },
): Promise<void> {
  const problems: FieldProblem[] = [];
  const known = await tx.selectFrom('police_agents').select('id').where('id', 'in', entry.agents).execute();
  const missing = entry.agents.filter((id) => !known.some((k) => k.id === id));
  if (missing.length > 0)
    problems.push({
      field: 'agents',
      message: `unknown agent ${missing.join(', ')}`,
      fr: 'agent inconnu dans cette police municipale',
    });
  if (entry.natinfCode !== null) {
    const code = await tx.selectFrom('natinf_codes').select('code').where('code', '=', entry.natinfCode).executeTakeFirst();
    if (!code)
      problems.push({
        field: 'natinfCode',
        message: `unknown NATINF code ${entry.natinfCode}`,
        fr: `code NATINF ${entry.natinfCode} inconnu (la liste officielle se charge avec quietude import-natinf)`,
      });
  }
  if (entry.reportId && options.checkReport) {
    const report = await reportInReach(tx, actor, entry.reportId).catch((error: unknown) => {
      if (error instanceof AppError && (error.code === 'not_found' || error.code === 'forbidden')) return undefined;
      throw error;
    });
    if (!report) problems.push({ field: 'reportId', message: 'unknown report', fr: 'signalement inconnu' });
    else if (!isAnswerable(report.status))
      problems.push({ field: 'reportId', message: 'this report is closed', fr: 'ce signalement est clos' });
  }
  if (problems.length > 0)
    throw new AppError('invalid_input', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
}

/**
 * The next number of the tenant's year. The counter row stays locked until the transaction ends, so two entries
 * never share a number, and a rolled-back entry leaves no gap.
 */
export async function nextNumber(tx: Tx, tenantId: string, year: number): Promise<number> {
  const row = await tx
    .insertInto('main_courante_counters')
    .values({ tenant_id: tenantId, year, last_number: 1 })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'year']).doUpdateSet({ last_number: sql`main_courante_counters.last_number + 1` }),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return row.last_number;
}

/** The smallest of the tenant's territories containing the point (an arrondissement before its commune). */
export async function territoryAt(tx: Tx, point: CheckedEntry['point']): Promise<string | null> {
  if (!point) return null;
  const row = await tx
    .selectFrom('territories')
    .select('id')
    .where('tenant_id', '=', sql<string>`quietude_tenant()`)
    .where(sql<boolean>`ST_Covers(geom, ST_SetSRID(ST_MakePoint(${point.lon}, ${point.lat}), 4326))`)
    .orderBy(sql`ST_Area(geom)`)
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The columns an entry's content sets (create, edit and amend alike). */
export async function entryColumns(tx: Tx, entry: CheckedEntry) {
  return {
    kind: entry.kind,
    nature: entry.nature,
    natinf_code: entry.natinfCode,
    source: entry.source,
    report_id: entry.reportId,
    called_at: entry.calledAt,
    arrived_at: entry.arrivedAt,
    ended_at: entry.endedAt,
    geom: entry.point ? sql`ST_SetSRID(ST_MakePoint(${entry.point.lon}, ${entry.point.lat}), 4326)` : null,
    address: entry.address,
    territory_id: await territoryAt(tx, entry.point),
    vehicles: entry.vehicles,
    findings: entry.findings,
    follow_up: entry.followUp,
  };
}

/** Replaces the entry's agents and people by role. */
export async function replaceAgentsAndPeople(tx: Tx, tenantId: string, entryId: string, entry: CheckedEntry) {
  await tx.deleteFrom('main_courante_entry_agents').where('entry_id', '=', entryId).execute();
  await tx.deleteFrom('main_courante_people').where('entry_id', '=', entryId).execute();
  await tx
    .insertInto('main_courante_entry_agents')
    .values(entry.agents.map((agent_id) => ({ entry_id: entryId, tenant_id: tenantId, agent_id })))
    .execute();
  if (entry.people.length > 0)
    await tx
      .insertInto('main_courante_people')
      .values(entry.people.map((p) => ({ ...p, entry_id: entryId, tenant_id: tenantId })))
      .execute();
}
