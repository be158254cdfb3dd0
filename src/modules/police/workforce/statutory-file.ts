import type { Kysely } from 'kysely';
import type { Tx } from '../../../db/database.js';
import type { DB } from '../../../db/schema.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import { defineOperation } from '../../../platform/access/operation.js';
import { AppError } from '../../../platform/errors.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import { listGrades } from './grades.js';
import { situationOn, timelines } from './headcount.js';
import { Problems } from './problems.js';
import { type Obligation, obligations, type StatutoryItem } from './statutory-rules.js';
import { statutoryKinds, weapons } from './tables.js';
import { findAgent, listAgents, loadMovements } from './workforce-queries.js';

/** Records an act of the statutory file (an approval, a swearing-in, a training, a weapon, a camera). */
export const recordStatutoryItem = defineOperation({
  name: 'police.record-statutory-item',
  permission: 'police.workforce',
  async run(
    { tx, tenant, clock, audit },
    input: { agentId: string; kind?: string; weapon?: string; doneOn?: string; validUntil?: string; days?: string | number },
  ): Promise<{ id: string }> {
    const agent = await findAgent(tx, input.agentId);
    if (!agent)
      throw new AppError('invalid_input', 'agentId: unknown agent', [
        { field: 'agentId', message: 'unknown agent', fr: 'agent inconnu' },
      ]);
    const problems = new Problems();
    const kind = problems.oneOf('kind', input.kind, statutoryKinds);
    const isWeapon = kind?.startsWith('weapon_') ?? false;
    const weapon = isWeapon ? problems.oneOf('weapon', input.weapon, weapons) : null;
    const doneOn = problems.date('doneOn', input.doneOn);
    const validUntil = problems.date('validUntil', input.validUntil, { required: false });
    if (doneOn && validUntil && validUntil < doneOn)
      problems.add('validUntil', 'is before the date it was done', 'fin de validité avant la date de l’acte');
    const days = kind === 'fco' ? problems.integer('days', input.days, 1, 60) : null;
    problems.throwIfAny();
    const row = await tx
      .insertInto('police_statutory_items')
      .values({
        tenant_id: tenant.id,
        agent_id: agent.id,
        kind: kind!,
        weapon,
        done_on: doneOn!,
        valid_until: validUntil,
        days,
        recorded_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({
      entityType: 'police-statutory-item',
      entityId: row.id,
      fields: ['kind', 'weapon', 'done_on', 'valid_until', 'days'],
    });
    return row;
  },
});

export const agentItems = async (tx: Tx, agentId?: string): Promise<(StatutoryItem & { agentId: string })[]> => {
  let q = tx
    .selectFrom('police_statutory_items')
    .select(['agent_id', 'kind', 'weapon', 'done_on', 'valid_until', 'days'])
    .orderBy('done_on');
  if (agentId) q = q.where('agent_id', '=', agentId);
  return (await q.execute()).map((r) => ({
    agentId: r.agent_id,
    kind: r.kind,
    weapon: r.weapon,
    doneOn: r.done_on,
    validUntil: r.valid_until,
    days: r.days,
  }));
};

export interface DueEntry {
  agent: { id: string; staff_number: string; family_name: string; given_name: string };
  obligation: Obligation;
}

/** What is due soon, overdue or missing for the agents in the workforce today, the most urgent first. */
export async function readDueList(db: Kysely<DB>, tenant: Tenant, today: string): Promise<DueEntry[]> {
  return withTenant(db, tenant.id, async (tx) => {
    const [movements, items, agents, grades] = await Promise.all([
      loadMovements(tx),
      agentItems(tx),
      listAgents(tx),
      listGrades(tx),
    ]);
    const lines = timelines(movements);
    const cadreOf = new Map(grades.map((g) => [g.code, g.cadre]));
    const out: DueEntry[] = [];
    for (const agent of agents) {
      const now = situationOn(lines.get(agent.id) ?? [], today);
      if (!now?.category) continue;
      const cadre = now.gradeCode ? (cadreOf.get(now.gradeCode) ?? null) : null;
      for (const obligation of obligations(
        { category: now.category, cadre },
        items.filter((i) => i.agentId === agent.id),
        today,
      ))
        if (obligation.status !== 'ok') out.push({ agent, obligation });
    }
    const rank = { overdue: 0, missing: 1, due_soon: 2, ok: 3 };
    return out.sort(
      (a, b) =>
        rank[a.obligation.status] - rank[b.obligation.status] ||
        (a.obligation.dueOn ?? '').localeCompare(b.obligation.dueOn ?? ''),
    );
  });
}
