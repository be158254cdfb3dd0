import { stringify } from 'csv-stringify/sync';
import { requirePermission } from '../../../platform/access/actor.js';
import { defineOperation, type OperationContext } from '../../../platform/access/operation.js';
import { type CsvEncoding, CsvProblems, type CsvRow, readCsv, requirePolice } from './csv-read.js';
import { ensureGrades } from './grades.js';
import { dayBefore, type Movement, situationOn } from './headcount.js';
import { type CheckedMovement, checkMovement, checkTimeline, type MovementInput } from './movement-checks.js';
import { isDate, Problems } from './problems.js';
import { listUnits, loadMovements } from './workforce-queries.js';

/** The columns of the agents file (docs/police-csv.md): one row per dated movement, the agent repeated. */
export const agentColumns = [
  'staff_number',
  'family_name',
  'given_name',
  'movement',
  'effective_on',
  'category',
  'grade',
  'unit',
  'fte_percent',
  'status',
  'note',
] as const;
const required = ['staff_number', 'family_name', 'given_name', 'movement', 'effective_on', 'category'] as const;

/** Where a movement check's field is in the file. */
const columnOf: Record<string, string> = {
  kind: 'movement',
  effectiveOn: 'effective_on',
  category: 'category',
  gradeCode: 'grade',
  unitId: 'unit',
  ftePercent: 'fte_percent',
  status: 'status',
  note: 'note',
};

/** Every agent with every movement, in staff-number and date order; an audited read (names). */
export const exportPoliceAgents = defineOperation({
  name: 'police.export-agents',
  permission: 'police.workforce',
  async run({ tx, audit }, _input: undefined): Promise<string> {
    const rows = await tx
      .selectFrom('police_movements as m')
      .innerJoin('police_agents as a', 'a.id', 'm.agent_id')
      .leftJoin('police_units as u', 'u.id', 'm.unit_id')
      .select([
        'a.staff_number',
        'a.family_name',
        'a.given_name',
        'm.kind',
        'm.effective_on',
        'm.category',
        'm.grade_code',
        'u.name as unit',
        'm.fte_percent',
        'm.status',
        'm.note',
      ])
      .orderBy('a.staff_number')
      .orderBy('m.effective_on')
      .execute();
    audit({
      entityType: 'police-agents-export',
      entityId: null,
      fields: ['staff_number', 'family_name', 'given_name', 'movements'],
      count: rows.length,
    });
    return stringify(
      rows.map((r) => [
        r.staff_number,
        r.family_name,
        r.given_name,
        r.kind,
        r.effective_on,
        r.category ?? '',
        r.grade_code ?? '',
        r.unit ?? '',
        r.fte_percent ?? '',
        r.status ?? '',
        r.note ?? '',
      ]),
      { header: true, columns: [...agentColumns], bom: true },
    );
  },
});

export interface AgentsImportResult {
  agents: number;
  movements: number;
  units: number;
  /** Rows already recorded identically (a file imported again). */
  unchanged: number;
}

type Known = Movement & { gradeCode: string | null; status: string | null; note: string | null };

const sameMovement = (a: Known, b: CheckedMovement) =>
  a.kind === b.kind &&
  a.category === b.category &&
  a.gradeCode === b.gradeCode &&
  (a.unitId ?? null) === b.unitId &&
  a.ftePercent === b.ftePercent &&
  a.status === b.status &&
  (a.note ?? null) === b.note;

/**
 * Imports agents and their movements from checked rows: agents are matched by staff number (new ones are
 * created, known ones get the new movements), units by name (created when new). Every row is checked with
 * the same rules as the forms, against the agent's whole history; any problem refuses the whole file.
 */
export const importPoliceAgents = defineOperation({
  name: 'police.import-agents',
  permission: 'police.workforce',
  async run({ tx, tenant, clock, audit }, rows: CsvRow[]): Promise<AgentsImportResult> {
    const problems = new CsvProblems();
    const grades = (await ensureGrades(tx, tenant.id)).map((g) => g.code);
    const unitIds = new Map((await listUnits(tx)).map((u) => [u.name, u.id]));
    const agents = new Map(
      (await tx.selectFrom('police_agents').select(['id', 'staff_number', 'family_name', 'given_name']).execute()).map((a) => [
        a.staff_number,
        a,
      ]),
    );
    const histories = new Map<string, Known[]>();
    for (const m of await loadMovements(tx)) histories.set(m.agentId, [...(histories.get(m.agentId) ?? []), m]);

    // The rows of each staff number, with the names the first row gives.
    const groups = new Map<string, { names: [string, string, number]; rows: CsvRow[] }>();
    for (const row of rows) {
      const v = row.values;
      const number = check(problems, row, (p) => p.text('staff_number', v.staff_number, { max: 40 }));
      const family = check(problems, row, (p) => p.text('family_name', v.family_name, { max: 120 }));
      const given = check(problems, row, (p) => p.text('given_name', v.given_name, { max: 120 }));
      if (!number) continue;
      const group = groups.get(number);
      if (!group) groups.set(number, { names: [family, given, row.line], rows: [row] });
      else {
        group.rows.push(row);
        if (group.names[0] !== family || group.names[1] !== given)
          problems.add(
            row.line,
            'family_name',
            `staff number ${number} has another name on line ${group.names[2]}`,
            `le matricule ${number} porte un autre nom ligne ${group.names[2]}`,
          );
      }
      const known = agents.get(number);
      if (known && (known.family_name !== family || known.given_name !== given) && family && given)
        problems.add(
          row.line,
          'family_name',
          `staff number ${number} is recorded under another name`,
          `le matricule ${number} est déjà enregistré sous un autre nom`,
        );
    }

    const newUnits = new Set<string>();
    const toInsert: { number: string; movement: CheckedMovement }[] = [];
    let unchanged = 0;
    for (const [number, group] of groups) {
      const key = agents.get(number)?.id ?? `new:${number}`;
      const history: Known[] = [...(histories.get(key) ?? [])];
      const ordered = [...group.rows].sort((a, b) => (a.values.effective_on ?? '').localeCompare(b.values.effective_on ?? ''));
      for (const row of ordered) {
        const v = row.values;
        const unitName = (v.unit ?? '').trim();
        if (unitName.length > 120) problems.add(row.line, 'unit', 'at most 120 characters', 'au plus 120 caractères');
        else if (unitName && !unitIds.has(unitName)) {
          unitIds.set(unitName, `new:${unitName}`);
          newUnits.add(unitName);
        }
        const input: MovementInput = {
          kind: v.movement ?? '',
          effectiveOn: v.effective_on,
          category: v.category,
          gradeCode: v.grade,
          unitId: unitName ? unitIds.get(unitName) : '',
          ftePercent: v.fte_percent ?? '',
          status: v.status,
          note: v.note,
        };
        const date = (v.effective_on ?? '').trim();
        const previous = isDate(date) ? situationOn(history, dayBefore(date)) : undefined;
        const rowProblems = new Problems();
        const movement = checkMovement(input, { grades, units: [...unitIds.values()], previous }, rowProblems);
        const sameDay = history.find((m) => m.effectiveOn === movement.effectiveOn);
        if (!rowProblems.has() && sameDay && sameMovement(sameDay, movement)) {
          unchanged++;
          continue;
        }
        if (!rowProblems.has('effectiveOn') && !rowProblems.has('kind') && movement.effectiveOn) {
          checkTimeline([...history, movement], rowProblems, movement.effectiveOn);
          // Kept in the history even with other problems, so that later rows are not refused in cascade.
          if (!rowProblems.has('effectiveOn')) history.push({ ...movement, agentId: key });
        }
        for (const p of rowProblems.list) problems.add(row.line, columnOf[p.field] ?? p.field, p.message, p.fr ?? p.message);
        if (!rowProblems.has()) toInsert.push({ number, movement });
      }
    }
    problems.throwIfAny();

    const now = clock.now();
    for (const name of newUnits) {
      const unit = await tx
        .insertInto('police_units')
        .values({ tenant_id: tenant.id, name })
        .returning('id')
        .executeTakeFirstOrThrow();
      unitIds.set(name, unit.id);
    }
    const realUnit = (id: string) => (id.startsWith('new:') ? unitIds.get(id.slice(4))! : id);
    const created = [...groups].filter(([number]) => !agents.has(number));
    for (let i = 0; i < created.length; i += 1000) {
      const inserted = await tx
        .insertInto('police_agents')
        .values(
          created.slice(i, i + 1000).map(([number, g]) => ({
            tenant_id: tenant.id,
            staff_number: number,
            family_name: g.names[0],
            given_name: g.names[1],
            user_id: null,
            created_at: now,
          })),
        )
        .returning(['id', 'staff_number', 'family_name', 'given_name'])
        .execute();
      for (const a of inserted) agents.set(a.staff_number, a);
    }
    for (let i = 0; i < toInsert.length; i += 1000)
      await tx
        .insertInto('police_movements')
        .values(
          toInsert.slice(i, i + 1000).map(({ number, movement: m }) => ({
            tenant_id: tenant.id,
            agent_id: agents.get(number)!.id,
            kind: m.kind,
            effective_on: m.effectiveOn,
            category: m.category,
            grade_code: m.gradeCode,
            unit_id: m.unitId ? realUnit(m.unitId) : null,
            fte_percent: m.ftePercent,
            status: m.status,
            note: m.note,
            recorded_at: now,
          })),
        )
        .execute();
    const result = { agents: created.length, movements: toInsert.length, units: newUnits.size, unchanged };
    audit({
      entityType: 'police-agents-import',
      entityId: null,
      fields: ['staff_number', 'family_name', 'given_name', 'movements'],
      count: created.length + toInsert.length,
    });
    return result;
  },
});

/** One field's check, its problem named with the row's line and the column. */
function check<T>(problems: CsvProblems, row: CsvRow, run: (p: Problems) => T): T {
  const p = new Problems();
  const value = run(p);
  for (const x of p.list) problems.add(row.line, x.field, x.message, x.fr ?? x.message);
  return value;
}

/** Reads the agents file (streamed through csv-parse) and imports it whole, or refuses it naming each bad row. */
export async function importAgentsCsv(
  ctx: OperationContext,
  source: AsyncIterable<Buffer | string>,
  options: { encoding?: CsvEncoding } = {},
): Promise<AgentsImportResult> {
  requirePermission(ctx.actor, 'police.workforce');
  requirePolice(ctx.tenant);
  const { rows, problems } = await readCsv(source, { required, optional: agentColumns }, options);
  problems.throwIfAny();
  return importPoliceAgents(ctx, rows);
}

export const describeAgentsImport = (r: AgentsImportResult) =>
  `${r.agents} agents and ${r.movements} movements imported (${r.units} new units, ${r.unchanged} rows already recorded)`;
