import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../test/helpers/test-database.js';
import type { Database } from '../../../db/database.js';
import { ManualClock } from '../../../platform/clock/clock.js';
import { seedDemo } from '../../../platform/demo/seed-demo.js';
import { requireTenant } from '../../../platform/tenants/tenant-queries.js';
import { readTrajectory } from './read-trajectory.js';
import { readDueList } from './statutory-file.js';
import { readCompliance } from './training-compliance.js';

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
});
