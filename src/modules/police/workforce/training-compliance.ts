import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import { situationOn, timelines } from './headcount.js';
import { DUE_SOON_DAYS } from './statutory-rules.js';
import type { Category } from './tables.js';
import { listAgents, listUnits, loadMovements } from './workforce-queries.js';

export type TrainingState = 'trained' | 'due' | 'never';

export interface AgentTraining {
  agent: { id: string; staff_number: string; family_name: string; given_name: string };
  unit: string | null;
  state: TrainingState;
  /** The end of the last attended session. */
  lastOn: string | null;
  /** When it must be renewed (validity); null when once is enough or never trained. */
  renewOn: string | null;
  /** Already enrolled in a session to come. */
  enrolled: boolean;
}

export interface ModuleCompliance {
  module: { id: string; title: string; provider: string; kind: string; validity_months: number | null; required_for: Category[] };
  agents: AgentTraining[];
  byUnit: { unit: string; trained: number; due: number; never: number }[];
  totals: { trained: number; due: number; never: number };
}

const addMonths = (date: string, months: number) => {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
};

/**
 * For each module, the agents in the workforce today whose category must follow it: trained (attended,
 * still valid), due (validity over or ending within 90 days) or never trained — by unit, with the list to
 * enrol (due or never, and not yet enrolled in a session to come).
 */
export async function readCompliance(db: Kysely<DB>, tenant: Tenant, today: string, now: Date): Promise<ModuleCompliance[]> {
  return withTenant(db, tenant.id, async (tx) => {
    const [movements, agents, units, modules, attendance] = await Promise.all([
      loadMovements(tx),
      listAgents(tx),
      listUnits(tx),
      tx
        .selectFrom('police_training_modules')
        .select(['id', 'title', 'provider', 'kind', 'validity_months', 'required_for'])
        .orderBy('title')
        .execute(),
      tx
        .selectFrom('police_training_attendance as a')
        .innerJoin('police_training_sessions as s', 's.id', 'a.session_id')
        .select(['a.agent_id', 'a.status', 's.module_id', 's.ends_at', 's.starts_at'])
        .execute(),
    ]);
    const lines = timelines(movements);
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    const soon = new Date(Date.parse(`${today}T12:00:00Z`) + DUE_SOON_DAYS * 86_400_000).toISOString().slice(0, 10);
    const inPost = agents
      .map((agent) => ({ agent, now: situationOn(lines.get(agent.id) ?? [], today) }))
      .filter((a) => a.now?.category);
    return modules.map((module) => {
      const rows: AgentTraining[] = [];
      for (const { agent, now: s } of inPost) {
        if (!module.required_for.includes(s!.category!)) continue;
        const mine = attendance.filter((a) => a.agent_id === agent.id && a.module_id === module.id);
        const attended = mine
          .filter((a) => a.status === 'attended' && a.ends_at <= now)
          .map((a) => a.ends_at.toISOString().slice(0, 10));
        const lastOn = attended.sort().at(-1) ?? null;
        const renewOn = lastOn && module.validity_months ? addMonths(lastOn, module.validity_months) : null;
        const state: TrainingState = !lastOn ? 'never' : renewOn && renewOn <= soon ? 'due' : 'trained';
        const enrolled = mine.some((a) => a.status === 'enrolled' && a.starts_at > now);
        rows.push({ agent, unit: s!.unitId ? (unitName.get(s!.unitId) ?? null) : null, state, lastOn, renewOn, enrolled });
      }
      const byUnitMap = new Map<string, { unit: string; trained: number; due: number; never: number }>();
      for (const r of rows) {
        const key = r.unit ?? '—';
        const u = byUnitMap.get(key) ?? { unit: key, trained: 0, due: 0, never: 0 };
        u[r.state]++;
        byUnitMap.set(key, u);
      }
      const totals = { trained: 0, due: 0, never: 0 };
      for (const r of rows) totals[r.state]++;
      return { module, agents: rows, byUnit: [...byUnitMap.values()].sort((a, b) => a.unit.localeCompare(b.unit)), totals };
    });
  });
}
