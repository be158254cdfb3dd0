import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, systemContext } from '../../../../test/helpers/factories.js';
import { openTestDatabase } from '../../../../test/helpers/test-database.js';
import type { Database } from '../../../db/database.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import { AppError } from '../../../platform/errors.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import { createAgent, createUnit, recordMovement } from './agent-operations.js';
import { exportPoliceAgents, importAgentsCsv } from './agents-csv.js';
import { oneChunk } from './csv-read.js';
import { readHeadcount } from './read-trajectory.js';
import { createTrainingModule, createTrainingSession, recordAttendance } from './training-operations.js';
import { exportPoliceTrainings, importTrainingsCsv } from './trainings-csv.js';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const newTenant = () => createTenant(database.db, { programmes: ['police'] });
const ctx = (tenant: Tenant) => systemContext(database.db, tenant);

/** The problems a refused import names (French), in file order. */
async function refusal(run: () => Promise<unknown>): Promise<string[]> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_input') return error.details.map((p) => p.fr ?? p.message);
    throw error;
  }
  throw new Error('accepted');
}

const rowCount = (tenant: Tenant, table: 'police_agents' | 'police_movements' | 'police_training_attendance') =>
  withTenant(database.db, tenant.id, async (tx) => (await tx.selectFrom(table).select('tenant_id').execute()).length);

/** A small police with every kind of movement, units, a session and its attendance. */
async function policeWithHistory() {
  const tenant = await newTenant();
  const c = ctx(tenant);
  const night = await createUnit(c, { name: 'Brigade de nuit' });
  const day = await createUnit(c, { name: 'Brigade de jour, centre' });
  const a1 = await createAgent(c, {
    staffNumber: 'M1',
    familyName: 'Durand',
    givenName: 'Éloïse',
    effectiveOn: '2020-03-01',
    category: 'apm',
    gradeCode: 'gardien_brigadier',
    unitId: night.id,
  });
  await recordMovement(c, { agentId: a1.id, kind: 'change', effectiveOn: '2022-01-01', unitId: day.id, ftePercent: 80 });
  const a2 = await createAgent(c, {
    staffNumber: 'M2',
    familyName: 'N’Diaye',
    givenName: 'Moussa',
    effectiveOn: '2021-02-01',
    category: 'fia_trainee',
    note: 'Arrivée, "promotion" 2021; mutation',
  });
  await recordMovement(c, { agentId: a2.id, kind: 'change', effectiveOn: '2021-09-01', category: 'apm' });
  await recordMovement(c, { agentId: a2.id, kind: 'departure', effectiveOn: '2023-05-01' });
  await recordMovement(c, { agentId: a2.id, kind: 'arrival', effectiveOn: '2024-01-01', category: 'apm', unitId: night.id });
  await createAgent(c, {
    staffNumber: 'M3',
    familyName: 'Leroy',
    givenName: 'Jo',
    effectiveOn: '2019-06-01',
    category: 'asvp',
    ftePercent: 50,
  });
  const vss = await createTrainingModule(c, {
    title: 'Accueil des victimes de violences sexistes et sexuelles',
    provider: 'CNFPT',
    kind: 'specific',
    validityMonths: 36,
    requiredFor: ['apm', 'asvp'],
  });
  await createTrainingModule(c, { title: 'Gestes et postures', provider: 'Association', kind: 'specific' });
  const session = await createTrainingSession(c, {
    moduleId: vss.id,
    startsAt: '2025-03-30T09:00',
    endsAt: '2025-03-30T17:30',
    place: 'Hôtel de police',
    trainer: 'A. Martin',
    capacity: 12,
  });
  await recordAttendance(c, { sessionId: session.id, agentId: a1.id, status: 'attended' });
  await recordAttendance(c, { sessionId: session.id, agentId: a2.id, status: 'absent' });
  return { tenant, night, day };
}

const dates = ['2019-12-31', '2020-03-01', '2021-06-30', '2021-09-01', '2022-06-30', '2023-05-01', '2024-06-30', '2026-11-25'];

describe('CSV export and import of agents and trainings', () => {
  it('round-trips: exported from one police and imported into a fresh one, the headcount is the same on every date', async () => {
    const { tenant, night } = await policeWithHistory();
    const agentsFile = await exportPoliceAgents(ctx(tenant), undefined);
    const trainingsFile = await exportPoliceTrainings(ctx(tenant), undefined);
    expect(agentsFile.split('\n')[0]).toBe(
      '\uFEFFstaff_number,family_name,given_name,movement,effective_on,category,grade,unit,fte_percent,status,note',
    );
    // Times are written in the tenant's zone (Europe/Paris: summer time began that night).
    expect(trainingsFile).toContain('2025-03-30 09:00,2025-03-30 17:30');

    const fresh = await newTenant();
    expect(await importAgentsCsv(ctx(fresh), oneChunk(Buffer.from(agentsFile)))).toEqual({
      agents: 3,
      movements: 7,
      units: 2,
      unchanged: 0,
    });
    expect(await importTrainingsCsv(ctx(fresh), oneChunk(trainingsFile))).toEqual({ modules: 2, sessions: 1, attendance: 2 });
    for (const on of dates)
      expect(await readHeadcount(database.db, fresh, on), on).toEqual(await readHeadcount(database.db, tenant, on));
    const freshNight = await withTenant(database.db, fresh.id, (tx) =>
      tx.selectFrom('police_units').select('id').where('name', '=', 'Brigade de nuit').executeTakeFirstOrThrow(),
    );
    expect(await readHeadcount(database.db, fresh, '2024-06-30', freshNight.id)).toEqual(
      await readHeadcount(database.db, tenant, '2024-06-30', night.id),
    );
    // What comes out of the new police is what went in.
    expect(await exportPoliceAgents(ctx(fresh), undefined)).toBe(agentsFile);
    expect(await exportPoliceTrainings(ctx(fresh), undefined)).toBe(trainingsFile);

    // The same files again change nothing.
    expect(await importAgentsCsv(ctx(fresh), oneChunk(agentsFile))).toEqual({ agents: 0, movements: 0, units: 0, unchanged: 7 });
    expect(await importTrainingsCsv(ctx(fresh), oneChunk(trainingsFile))).toEqual({ modules: 0, sessions: 0, attendance: 2 });
    expect(await rowCount(fresh, 'police_movements')).toBe(7);
    expect(await rowCount(fresh, 'police_training_attendance')).toBe(2);
  });

  it('refuses a file with bad rows, naming each line and column, and imports none of its good rows', async () => {
    const tenant = await newTenant();
    const file = [
      'staff_number,family_name,given_name,movement,effective_on,category,grade,unit,fte_percent,status,note',
      'A1,Martin,Lou,arrival,2024-01-01,apm,,Brigade A,100,active,',
      'A2,Petit,Sam,arrival,2024-13-01,apm,,,100,active,',
      'A3,Roux,Ana,arrival,2024-01-01,gendarme,,,100,active,',
      'A1,Martin,Lou,departure,2023-06-01,,,,,,',
      'A4,Blanc,Noé,arrival,2024-01-01,asvp,colonel,,150,active,',
      ',Vide,Zoé,arrival,2024-01-01,apm,,,100,active,',
    ].join('\n');
    const problems = await refusal(() => importAgentsCsv(ctx(tenant), oneChunk(file)));
    expect(problems).toEqual(
      expect.arrayContaining([
        'ligne 3, colonne effective_on : une date (AAAA-MM-JJ)',
        expect.stringMatching(/^ligne 4, colonne category : choisissez parmi/),
        expect.stringMatching(/^ligne 5, colonne effective_on : départ le 2023-06-01 : avant l’arrivée/),
        'ligne 6, colonne grade : grade absent de la liste de cette police',
        'ligne 6, colonne fte_percent : un nombre entier de 1 à 100',
        'ligne 7, colonne staff_number : à remplir',
      ]),
    );
    expect(problems).toHaveLength(6);
    expect(await rowCount(tenant, 'police_agents')).toBe(0);
    expect(await rowCount(tenant, 'police_movements')).toBe(0);
    const units = await withTenant(database.db, tenant.id, (tx) => tx.selectFrom('police_units').select('id').execute());
    expect(units).toEqual([]);
  });

  it('names a bad header, a row with a missing field and a broken quote', async () => {
    const tenant = await newTenant();
    expect(
      await refusal(() => importAgentsCsv(ctx(tenant), oneChunk('staff_number,name,movement\nA1,Martin,arrival\n'))),
    ).toEqual(
      expect.arrayContaining([
        'ligne 1, colonne family_name : absente de l’en-tête (voir docs/police-csv.md)',
        expect.stringMatching(/^ligne 1, colonne name : colonne inconnue/),
      ]),
    );
    const header = 'staff_number,family_name,given_name,movement,effective_on,category';
    expect(await refusal(() => importAgentsCsv(ctx(tenant), oneChunk(`${header}\nA1,Martin,Lou,arrival,2024-01-01\n`)))).toEqual([
      'ligne 2, colonne effective_on : 5 champs alors que l’en-tête en compte 6',
    ]);
    expect(
      await refusal(() =>
        importAgentsCsv(
          ctx(tenant),
          oneChunk(`${header}\nA1,Martin,Lou,arrival,2024-01-01,apm\nA2,"Roux,Ana,arrival,2024-01-01,apm\n`),
        ),
      ),
    ).toEqual([expect.stringMatching(/^ligne \d, colonne file : CSV illisible/)]);
    expect(await rowCount(tenant, 'police_agents')).toBe(0);
  });

  it('reads a spreadsheet’s Windows-1252 file with semicolons, and names the line when the encoding is wrong', async () => {
    const tenant = await newTenant();
    const text =
      'staff_number;family_name;given_name;movement;effective_on;category\r\nB1;Lefèvre;Hélène;arrival;2023-04-01;apm\r\n';
    const latin = Buffer.from(text, 'latin1');
    expect(await refusal(() => importAgentsCsv(ctx(tenant), oneChunk(latin)))).toEqual([
      'ligne 2, colonne file : le fichier n’est pas encodé en utf-8 : enregistrez-le en UTF-8 ou choisissez windows-1252',
    ]);
    // Streamed in pieces, a wrong byte further down is named at its line, and nothing after it is guessed at.
    async function* pieces() {
      yield Buffer.from(
        'staff_number,family_name,given_name,movement,effective_on,category\nC1,Roux,Ana,arrival,2023-04-01,apm\n',
      );
      yield Buffer.concat([
        Buffer.from('C2,Faure,'),
        Buffer.from('Inès', 'latin1'),
        Buffer.from(',arrival,2023-04-01,apm\nC3,Roux,Lé'),
      ]);
      yield Buffer.from('o,arrival,2023-04-01,apm\n');
    }
    expect(await refusal(() => importAgentsCsv(ctx(tenant), pieces()))).toEqual([
      'ligne 3, colonne file : le fichier n’est pas encodé en utf-8 : enregistrez-le en UTF-8 ou choisissez windows-1252',
    ]);
    expect(await importAgentsCsv(ctx(tenant), oneChunk(latin), { encoding: 'windows-1252' })).toMatchObject({ agents: 1 });
    const names = await withTenant(database.db, tenant.id, (tx) =>
      tx.selectFrom('police_agents').select(['family_name', 'given_name']).execute(),
    );
    expect(names).toEqual([{ family_name: 'Lefèvre', given_name: 'Hélène' }]);
  });

  it('refuses attendance of an unknown staff number and a session over capacity, importing nothing', async () => {
    const { tenant } = await policeWithHistory();
    const header =
      'module_title,module_provider,module_kind,validity_months,required_for,starts_at,ends_at,place,trainer,capacity,staff_number,attendance';
    const file = [
      header,
      'Tir,CNFPT,statutory,12,apm,2026-02-03 09:00,2026-02-03 12:00,Stand,B. Roy,1,M1,enrolled',
      'Tir,CNFPT,statutory,12,apm,2026-02-03 09:00,2026-02-03 12:00,Stand,B. Roy,1,M3,enrolled',
      'Tir,CNFPT,statutory,12,apm,2026-02-04 09:00,2026-02-04 08:00,Stand,B. Roy,1,X9,attended',
      'Tir,CNFPT,statutory,12,apm,2026-02-05 09:00,2026-02-05 12:00,Stand,B. Roy,1,X9,attended',
    ].join('\n');
    expect(await refusal(() => importTrainingsCsv(ctx(tenant), oneChunk(file)))).toEqual([
      'ligne 3, colonne staff_number : la session est complète (1 places)',
      'ligne 4, colonne ends_at : la fin doit suivre le début',
      'ligne 5, colonne staff_number : aucun agent n’a le matricule X9 (importez d’abord les agents)',
    ]);
    const modules = await withTenant(database.db, tenant.id, (tx) =>
      tx.selectFrom('police_training_modules').select('title').where('title', '=', 'Tir').execute(),
    );
    expect(modules).toEqual([]);
    expect(await rowCount(tenant, 'police_training_attendance')).toBe(2);
  });
});
