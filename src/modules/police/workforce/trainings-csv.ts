import { stringify } from 'csv-stringify/sync';
import { can, requirePermission } from '../../../platform/access/actor.js';
import { defineOperation, type OperationContext } from '../../../platform/access/operation.js';
import { type CsvEncoding, CsvProblems, type CsvRow, readCsv, requirePolice } from './csv-read.js';
import { Problems } from './problems.js';
import { type AttendanceStatus, attendanceStatuses, type Category, categories, trainingKinds } from './tables.js';
import { localDateTime } from './training-operations.js';

/**
 * The columns of the trainings file (docs/police-csv.md): one row per attendance, the session and its
 * module repeated; a session nobody attended yet has one row without staff number, a module without
 * sessions one row without session.
 */
export const trainingColumns = [
  'module_title',
  'module_provider',
  'module_kind',
  'validity_months',
  'required_for',
  'starts_at',
  'ends_at',
  'place',
  'trainer',
  'capacity',
  'staff_number',
  'attendance',
] as const;
const required = ['module_title', 'starts_at', 'ends_at', 'place', 'trainer', 'capacity', 'staff_number', 'attendance'];
const sessionColumns = ['starts_at', 'ends_at', 'place', 'trainer', 'capacity'] as const;

/** A UTC instant as the tenant's local date and time, YYYY-MM-DD HH:MM. */
const local = (d: Date, timeZone: string) => d.toLocaleString('sv-SE', { timeZone }).slice(0, 16);

/** The catalogue, the sessions and the attendance, as one file (an audited read: staff numbers). */
export const exportPoliceTrainings = defineOperation({
  name: 'police.export-trainings',
  permission: 'police.trainings',
  async run({ tx, tenant, audit }, _input: undefined): Promise<string> {
    const rows = await tx
      .selectFrom('police_training_modules as m')
      .leftJoin('police_training_sessions as s', 's.module_id', 'm.id')
      .leftJoin('police_training_attendance as t', 't.session_id', 's.id')
      .leftJoin('police_agents as a', 'a.id', 't.agent_id')
      .select([
        'm.title',
        'm.provider',
        'm.kind',
        'm.validity_months',
        'm.required_for',
        's.starts_at',
        's.ends_at',
        's.place',
        's.trainer',
        's.capacity',
        'a.staff_number',
        't.status',
      ])
      .orderBy('m.title')
      .orderBy('s.starts_at')
      .orderBy('s.place')
      .orderBy('a.staff_number')
      .execute();
    audit({ entityType: 'police-trainings-export', entityId: null, fields: ['sessions', 'attendance'], count: rows.length });
    return stringify(
      rows.map((r) => [
        r.title,
        r.provider,
        r.kind,
        r.validity_months ?? '',
        r.required_for.join('|'),
        r.starts_at ? local(r.starts_at, tenant.time_zone) : '',
        r.ends_at ? local(r.ends_at, tenant.time_zone) : '',
        r.place ?? '',
        r.trainer ?? '',
        r.capacity ?? '',
        r.staff_number ?? '',
        r.status ?? '',
      ]),
      { header: true, columns: [...trainingColumns], bom: true },
    );
  },
});

export interface TrainingsImportResult {
  modules: number;
  sessions: number;
  attendance: number;
}

interface NewModule {
  id?: string;
  title: string;
  provider: string;
  kind: 'statutory' | 'specific';
  validityMonths: number | null;
  requiredFor: Category[];
}
interface SessionKey {
  id?: string;
  moduleTitle: string;
  startsAt: Date;
  endsAt: Date;
  place: string;
  trainer: string;
  capacity: number;
  line: number;
  taken: Set<string>;
}

/**
 * Imports modules (matched by title; a new one takes the module columns of its first row), sessions (matched
 * by module, start and place) and attendance (agents matched by staff number: import the agents first).
 * Times are the tenant's local time. Capacity is kept; any problem refuses the whole file.
 */
export const importPoliceTrainings = defineOperation({
  name: 'police.import-trainings',
  permission: 'police.trainings',
  async run({ tx, tenant, actor, audit }, rows: CsvRow[]): Promise<TrainingsImportResult> {
    const problems = new CsvProblems();
    const modules = new Map<string, NewModule>(
      (await tx.selectFrom('police_training_modules').select(['id', 'title']).execute()).map((m) => [
        m.title,
        { id: m.id, title: m.title, provider: '', kind: 'specific', validityMonths: null, requiredFor: [] },
      ]),
    );
    const agents = new Map(
      (await tx.selectFrom('police_agents').select(['id', 'staff_number']).execute()).map((a) => [a.staff_number, a.id]),
    );
    const sessions = new Map<string, SessionKey>();
    for (const s of await tx
      .selectFrom('police_training_sessions as s')
      .innerJoin('police_training_modules as m', 'm.id', 's.module_id')
      .leftJoin('police_training_attendance as a', 'a.session_id', 's.id')
      .select(['s.id', 'm.title', 's.starts_at', 's.ends_at', 's.place', 's.trainer', 's.capacity', 'a.agent_id'])
      .execute()) {
      const key = `${s.title}\n${s.starts_at.toISOString()}\n${s.place}`;
      const known = sessions.get(key) ?? {
        id: s.id,
        moduleTitle: s.title,
        startsAt: s.starts_at,
        endsAt: s.ends_at,
        place: s.place,
        trainer: s.trainer,
        capacity: s.capacity,
        line: 0,
        taken: new Set<string>(),
      };
      if (s.agent_id) known.taken.add(s.agent_id);
      sessions.set(key, known);
    }
    const attendance: { key: string; agentId: string; status: AttendanceStatus }[] = [];

    for (const row of rows) {
      const v = row.values;
      const p = new Problems();
      const title = p.text('module_title', v.module_title, { max: 200 });
      if (title && !modules.has(title) && !can(actor, 'police.workforce'))
        p.add(
          'module_title',
          'a new module: only the police management may add to the catalogue',
          'module nouveau : seule la direction de la police peut compléter le catalogue',
        );
      else if (title && !modules.has(title)) {
        const provider = p.text('module_provider', v.module_provider, { max: 200 });
        const kind = p.oneOf('module_kind', v.module_kind, trainingKinds);
        const validityMonths = p.integer('validity_months', v.validity_months ?? '', 1, 240, { required: false });
        const requiredFor = (v.required_for || 'apm').split('|').map((c) => c.trim());
        if (requiredFor.some((c) => !(categories as readonly string[]).includes(c)))
          p.add(
            'required_for',
            `categories among ${categories.join(', ')}, separated by |`,
            `catégories parmi ${categories.join(', ')}, séparées par |`,
          );
        if (!p.has())
          modules.set(title, { title, provider, kind: kind!, validityMonths, requiredFor: requiredFor as Category[] });
      }
      const hasSession = sessionColumns.some((c) => (v[c] ?? '').trim() !== '');
      const number = (v.staff_number ?? '').trim();
      if (!hasSession) {
        if (number) p.add('starts_at', 'an attendance needs its session', 'une présence demande sa session');
      } else {
        const startsAt = localDateTime(p, 'starts_at', v.starts_at, tenant.time_zone);
        const endsAt = localDateTime(p, 'ends_at', v.ends_at, tenant.time_zone);
        if (startsAt && endsAt && endsAt <= startsAt) p.add('ends_at', 'must be after the start', 'la fin doit suivre le début');
        const place = p.text('place', v.place, { max: 200 });
        const trainer = p.text('trainer', v.trainer, { max: 200 });
        const capacity = p.integer('capacity', v.capacity, 1, 500);
        let session: SessionKey | undefined;
        if (!p.has() && title) {
          const key = `${title}\n${startsAt!.toISOString()}\n${place}`;
          session = sessions.get(key);
          if (!session) {
            session = {
              moduleTitle: title,
              startsAt: startsAt!,
              endsAt: endsAt!,
              place,
              trainer,
              capacity: capacity!,
              line: row.line,
              taken: new Set(),
            };
            sessions.set(key, session);
          } else if (
            !session.id &&
            (session.endsAt.getTime() !== endsAt!.getTime() || session.trainer !== trainer || session.capacity !== capacity)
          )
            p.add(
              'trainer',
              `the same session differs on line ${session.line}`,
              `la même session est décrite autrement ligne ${session.line}`,
            );
          if (number && !p.has()) {
            const agentId = agents.get(number);
            const status = p.oneOf('attendance', v.attendance || 'enrolled', attendanceStatuses);
            if (!agentId)
              p.add(
                'staff_number',
                `no agent has staff number ${number} (import the agents first)`,
                `aucun agent n’a le matricule ${number} (importez d’abord les agents)`,
              );
            else if (!session.taken.has(agentId) && session.taken.size >= session.capacity)
              p.add(
                'staff_number',
                `the session is full (${session.capacity} places)`,
                `la session est complète (${session.capacity} places)`,
              );
            if (agentId && status && !p.has()) {
              session.taken.add(agentId);
              attendance.push({ key, agentId, status });
            }
          }
        }
      }
      for (const x of p.list) problems.add(row.line, x.field, x.message, x.fr ?? x.message);
    }
    problems.throwIfAny();

    let newModules = 0;
    for (const m of modules.values()) {
      if (m.id) continue;
      m.id = (
        await tx
          .insertInto('police_training_modules')
          .values({
            tenant_id: tenant.id,
            title: m.title,
            provider: m.provider,
            kind: m.kind,
            validity_months: m.validityMonths,
            required_for: m.requiredFor,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      newModules++;
    }
    let newSessions = 0;
    for (const s of sessions.values()) {
      if (s.id) continue;
      s.id = (
        await tx
          .insertInto('police_training_sessions')
          .values({
            tenant_id: tenant.id,
            module_id: modules.get(s.moduleTitle)!.id!,
            starts_at: s.startsAt,
            ends_at: s.endsAt,
            place: s.place,
            trainer: s.trainer,
            capacity: s.capacity,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      newSessions++;
    }
    for (let i = 0; i < attendance.length; i += 1000)
      await tx
        .insertInto('police_training_attendance')
        .values(
          attendance.slice(i, i + 1000).map((a) => ({
            tenant_id: tenant.id,
            session_id: sessions.get(a.key)!.id!,
            agent_id: a.agentId,
            status: a.status,
          })),
        )
        .onConflict((oc) => oc.columns(['session_id', 'agent_id']).doUpdateSet((eb) => ({ status: eb.ref('excluded.status') })))
        .execute();
    audit({
      entityType: 'police-trainings-import',
      entityId: null,
      fields: ['modules', 'sessions', 'attendance'],
      count: newModules + newSessions + attendance.length,
    });
    return { modules: newModules, sessions: newSessions, attendance: attendance.length };
  },
});

/** Reads the trainings file (streamed through csv-parse) and imports it whole, or refuses it naming each bad row. */
export async function importTrainingsCsv(
  ctx: OperationContext,
  source: AsyncIterable<Buffer | string>,
  options: { encoding?: CsvEncoding } = {},
): Promise<TrainingsImportResult> {
  requirePermission(ctx.actor, 'police.trainings');
  requirePolice(ctx.tenant);
  const { rows, problems } = await readCsv(source, { required, optional: trainingColumns }, options);
  problems.throwIfAny();
  return importPoliceTrainings(ctx, rows);
}

export const describeTrainingsImport = (r: TrainingsImportResult) =>
  `${r.modules} modules, ${r.sessions} sessions and ${r.attendance} attendance records imported`;
