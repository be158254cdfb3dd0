import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, systemContext } from '../../../../test/helpers/factories.js';
import { openTestDatabase } from '../../../../test/helpers/test-database.js';
import type { Database } from '../../../db/database.js';
import { ManualClock } from '../../../platform/clock/clock.js';
import { seedDemo } from '../../../platform/demo/seed-demo.js';
import { requireTenant } from '../../../platform/tenants/tenant-queries.js';
import { exportPoliceAgents, importAgentsCsv } from './agents-csv.js';
import { oneChunk } from './csv-read.js';
import { readHeadcount, readTrajectory } from './read-trajectory.js';
import { readDueList } from './statutory-file.js';
import { readCompliance } from './training-compliance.js';
import { exportPoliceTrainings, importTrainingsCsv } from './trainings-csv.js';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedDemo(database.db, 'development', new ManualClock(new Date('2026-11-25T10:00:00Z')));
});
afterAll(() => database.close());

describe('the Lyon demo workforce', () => {
  it('draws the APM trajectory from the mandate’s start (about 215) to about 340 against 365, from dated movements', async () => {
    const lyon = await requireTenant(database.db, 'lyon');
    const t = await readTrajectory(database.db, lyon, 'apm', '2026-11-25');
    expect(t.startsOn).toBe('2020-07-01');
    expect(t.start.heads).toBe(215);
    expect(t.current.heads).toBeGreaterThanOrEqual(330);
    expect(t.current.heads).toBeLessThanOrEqual(350);
    // The count follows from the movements shown apart: nothing typed.
    expect(t.start.heads + t.recruitments - t.departures).toBe(t.current.heads);
    expect(t.growthPercent).toBe(Math.round(((t.current.heads - 215) / 215) * 1000) / 10);
    expect(t.targets).toMatchObject([{ targetOn: '2026-12-31', heads: 365 }]);
    const due = await readDueList(database.db, lyon, '2026-11-25');
    expect(due.some((d) => d.obligation.kind === 'weapon_practice' && d.obligation.status === 'overdue')).toBe(true);
    const compliance = await readCompliance(database.db, lyon, '2026-11-25', new Date('2026-11-25T10:00:00Z'));
    const vss = compliance.find((m) => m.module.title === 'Accueil des victimes de violences sexistes et sexuelles')!;
    expect(vss.totals.trained).toBeGreaterThan(0);
    expect(vss.totals.never).toBeGreaterThan(0);
  });

  it('moves Lyon’s whole workforce through CSV into a fresh police: same headcount by category on every date, same compliance', async () => {
    const lyon = await requireTenant(database.db, 'lyon');
    const agents = await exportPoliceAgents(systemContext(database.db, lyon), undefined);
    const trainings = await exportPoliceTrainings(systemContext(database.db, lyon), undefined);
    const fresh = await createTenant(database.db, { programmes: ['police'] });
    const imported = await importAgentsCsv(systemContext(database.db, fresh), oneChunk(agents));
    expect(imported.agents).toBeGreaterThan(300);
    await importTrainingsCsv(systemContext(database.db, fresh), oneChunk(trainings));
    for (const on of ['2020-06-30', '2020-07-01', '2021-12-31', '2023-06-30', '2025-01-01', '2026-11-25'])
      expect(await readHeadcount(database.db, fresh, on), on).toEqual(await readHeadcount(database.db, lyon, on));
    const now = new Date('2026-11-25T10:00:00Z');
    const totals = async (tenant: typeof lyon) =>
      (await readCompliance(database.db, tenant, '2026-11-25', now)).map((m) => [m.module.title, m.totals]);
    expect(await totals(fresh)).toEqual(await totals(lyon));
  });
});
