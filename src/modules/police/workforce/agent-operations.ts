import type { Tx } from '../../../db/database.js';
import { defineOperation } from '../../../platform/access/operation.js';
import { AppError } from '../../../platform/errors.js';
import { ensureGrades } from './grades.js';
import { dayBefore, situationOn } from './headcount.js';
import { type CheckedMovement, checkMovement, checkTimeline, type MovementInput } from './movement-checks.js';
import { Problems } from './problems.js';
import { findAgent, findAgentByNumber, listUnits, loadMovements } from './workforce-queries.js';

export interface AgentInput extends MovementInput {
  staffNumber?: string;
  familyName?: string;
  givenName?: string;
}

/** Checks a movement against the agent's history and writes it; every problem named, nothing written if any. */
async function addMovement(tx: Tx, tenantId: string, agentId: string | null, input: MovementInput, problems: Problems) {
  const grades = (await ensureGrades(tx, tenantId)).map((g) => g.code);
  const units = (await listUnits(tx)).map((u) => u.id);
  const history = agentId ? (await loadMovements(tx)).filter((m) => m.agentId === agentId) : [];
  const date = (input.effectiveOn ?? '').trim();
  const previous = /^\d{4}-\d{2}-\d{2}$/.test(date) ? situationOn(history, dayBefore(date)) : undefined;
  const movement = checkMovement(input, { grades, units, previous }, problems);
  if (!problems.has('effectiveOn') && movement.effectiveOn)
    checkTimeline([...history, { kind: movement.kind, effectiveOn: movement.effectiveOn }], problems, movement.effectiveOn);
  return movement;
}

const insertMovement = (tx: Tx, tenantId: string, agentId: string, m: CheckedMovement, now: Date) =>
  tx
    .insertInto('police_movements')
    .values({
      tenant_id: tenantId,
      agent_id: agentId,
      kind: m.kind,
      effective_on: m.effectiveOn,
      category: m.category,
      grade_code: m.gradeCode,
      unit_id: m.unitId,
      fte_percent: m.ftePercent,
      status: m.status,
      note: m.note,
      recorded_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

/** A new agent and their arrival, together: an agent never exists without a dated arrival. */
export const createAgent = defineOperation({
  name: 'police.create-agent',
  permission: 'police.workforce',
  async run({ tx, tenant, clock, audit }, input: AgentInput): Promise<{ id: string }> {
    const problems = new Problems();
    const staffNumber = problems.text('staffNumber', input.staffNumber, { max: 40 });
    const familyName = problems.text('familyName', input.familyName, { max: 120 });
    const givenName = problems.text('givenName', input.givenName, { max: 120 });
    if (staffNumber && (await findAgentByNumber(tx, staffNumber)))
      problems.add(
        'staffNumber',
        `another agent has staff number ${staffNumber}`,
        `le matricule ${staffNumber} est déjà utilisé`,
      );
    const movement = await addMovement(tx, tenant.id, null, { ...input, kind: 'arrival' }, problems);
    problems.throwIfAny();
    const agent = await tx
      .insertInto('police_agents')
      .values({
        tenant_id: tenant.id,
        staff_number: staffNumber,
        family_name: familyName,
        given_name: givenName,
        user_id: null,
        created_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertMovement(tx, tenant.id, agent.id, movement, clock.now());
    audit({ entityType: 'police-agent', entityId: agent.id, fields: ['staff_number', 'family_name', 'given_name', 'arrival'] });
    return agent;
  },
});

/** A dated movement of an existing agent: a change (category, grade, unit, working time, status), a departure or a return. */
export const recordMovement = defineOperation({
  name: 'police.record-movement',
  permission: 'police.workforce',
  async run({ tx, tenant, clock, audit }, input: MovementInput & { agentId: string }): Promise<{ id: string }> {
    const agent = await findAgent(tx, input.agentId);
    if (!agent)
      throw new AppError('invalid_input', 'agentId: unknown agent', [
        { field: 'agentId', message: 'unknown agent', fr: 'agent inconnu' },
      ]);
    const problems = new Problems();
    const movement = await addMovement(tx, tenant.id, agent.id, { ...input, kind: input.kind || 'change' }, problems);
    problems.throwIfAny();
    const row = await insertMovement(tx, tenant.id, agent.id, movement, clock.now());
    audit({
      entityType: 'police-movement',
      entityId: row.id,
      fields: ['kind', 'effective_on', 'category', 'grade_code', 'unit_id', 'fte_percent', 'status'],
    });
    return row;
  },
});

/** A unit (brigade, service) of the police. */
export const createUnit = defineOperation({
  name: 'police.create-unit',
  permission: 'police.workforce',
  async run({ tx, tenant, audit }, input: { name?: string }): Promise<{ id: string }> {
    const problems = new Problems();
    const name = problems.text('name', input.name, { max: 120 });
    if (name && (await tx.selectFrom('police_units').select('id').where('name', '=', name).executeTakeFirst()))
      problems.add('name', 'a unit of that name exists', 'une unité porte déjà ce nom');
    problems.throwIfAny();
    const row = await tx
      .insertInto('police_units')
      .values({ tenant_id: tenant.id, name })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({ entityType: 'police-unit', entityId: row.id, fields: ['name'] });
    return row;
  },
});
