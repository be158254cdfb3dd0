import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, systemContext } from '../../../../test/helpers/factories.js';
import { openTestDatabase } from '../../../../test/helpers/test-database.js';
import type { Database } from '../../../db/database.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import { AppError } from '../../../platform/errors.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import { createAgent, createUnit, recordMovement } from './agent-operations.js';
import { readHeadcount, readTrajectory } from './read-trajectory.js';
import { setMandate, setTarget } from './targets.js';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const newTenant = () => createTenant(database.db, { programmes: ['police'] });
const ctx = (tenant: Tenant) => systemContext(database.db, tenant);

/** The problems an operation answers with, by field (it must refuse). */
async function refusal(run: () => Promise<unknown>): Promise<Record<string, string>> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_input')
      return Object.fromEntries(error.details.map((p) => [p.field, p.fr ?? p.message]));
    throw error;
  }
  throw new Error('accepted');
}

const count = (tenant: Tenant, table: 'police_agents' | 'police_movements') =>
  withTenant(database.db, tenant.id, async (tx) =>
    Number(
      (
        await tx
          .selectFrom(table)
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  );

describe('headcount from dated movements', () => {
  it('counts heads and FTE by category on any date, as the movements written say', async () => {
    const tenant = await newTenant();
    const unit = await createUnit(ctx(tenant), { name: 'Brigade de nuit' });
    // A small history: [staff number, category, fte, arrival, then dated changes and departures].
    type Step = { kind: 'change' | 'departure' | 'arrival'; on: string; category?: string; fte?: number };
    const histories: { number: string; category: string; fte: number; arrival: string; steps: Step[] }[] = [
      { number: 'A1', category: 'apm', fte: 100, arrival: '2020-03-01', steps: [] },
      { number: 'A2', category: 'apm', fte: 80, arrival: '2020-07-01', steps: [{ kind: 'departure', on: '2022-01-15' }] },
      {
        number: 'A3',
        category: 'fia_trainee',
        fte: 100,
        arrival: '2021-02-01',
        steps: [{ kind: 'change', on: '2021-09-01', category: 'apm' }],
      },
      { number: 'A4', category: 'asvp', fte: 50, arrival: '2021-05-10', steps: [{ kind: 'change', on: '2023-01-01', fte: 100 }] },
      {
        number: 'A5',
        category: 'apm',
        fte: 100,
        arrival: '2019-01-01',
        steps: [
          { kind: 'departure', on: '2021-01-01' },
          { kind: 'arrival', on: '2023-06-01', category: 'apm' },
        ],
      },
      { number: 'A6', category: 'cctv_operator', fte: 100, arrival: '2024-02-01', steps: [] },
    ];
    for (const h of histories) {
      const { id } = await createAgent(ctx(tenant), {
        staffNumber: h.number,
        familyName: `Fictif-${h.number}`,
        givenName: 'Test',
        effectiveOn: h.arrival,
        category: h.category,
        ftePercent: String(h.fte),
        unitId: unit.id,
      });
      for (const s of h.steps)
        await recordMovement(ctx(tenant), {
          agentId: id,
          kind: s.kind,
          effectiveOn: s.on,
          category: s.category,
          ftePercent: s.fte === undefined ? undefined : String(s.fte),
        });
    }
    // The expectation, worked out from the histories above by walking each one to the date.
    const expected = (on: string) => {
      const out: Record<string, { heads: number; fte: number }> = {};
      for (const h of histories) {
        let state = null as { category: string; fte: number } | null;
        for (const s of [{ kind: 'arrival', on: h.arrival, category: h.category, fte: h.fte } as Step, ...h.steps]) {
          if (s.on > on) break;
          if (s.kind === 'departure') state = null;
          else state = { category: s.category ?? state?.category ?? h.category, fte: s.fte ?? state?.fte ?? h.fte };
        }
        if (state) {
          const c = out[state.category] ?? { heads: 0, fte: 0 };
          out[state.category] = c;
          c.heads++;
          c.fte += state.fte / 100;
        }
      }
      return out;
    };
    for (const on of [
      '2019-06-01',
      '2020-07-01',
      '2021-03-01',
      '2021-09-01',
      '2022-01-14',
      '2022-01-15',
      '2023-06-01',
      '2026-11-25',
    ]) {
      const headcount = await readHeadcount(database.db, tenant, on);
      const shown = Object.fromEntries(Object.entries(headcount).filter(([, c]) => c.heads > 0));
      expect(shown, on).toEqual(expected(on));
    }
  });

  it('draws the trajectory against the mandate’s start and the target, recruitments and departures apart', async () => {
    const tenant = await newTenant();
    await setMandate(ctx(tenant), { startsOn: '2026-01-01', label: 'Mandat 2026' });
    await setTarget(ctx(tenant), { category: 'apm', targetOn: '2026-12-31', heads: '6' });
    const arrivals = ['2025-06-01', '2025-09-01', '2026-02-10', '2026-02-20', '2026-05-01'];
    const ids: string[] = [];
    for (const [i, on] of arrivals.entries())
      ids.push(
        (
          await createAgent(ctx(tenant), {
            staffNumber: `T${i}`,
            familyName: 'Fictif',
            givenName: `N${i}`,
            effectiveOn: on,
            category: 'apm',
          })
        ).id,
      );
    await recordMovement(ctx(tenant), { agentId: ids[0]!, kind: 'departure', effectiveOn: '2026-03-05' });
    const t = await readTrajectory(database.db, tenant, 'apm', '2026-11-25');
    const startHeads = arrivals.filter((d) => d <= '2026-01-01').length;
    const nowHeads = arrivals.length - 1;
    expect(t.start.heads).toBe(startHeads);
    expect(t.current.heads).toBe(nowHeads);
    expect(t.growthPercent).toBe(Math.round(((nowHeads - startHeads) / startHeads) * 1000) / 10);
    expect(t.months.map((m) => m.month)).toEqual(Array.from({ length: 11 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`));
    const february = t.months.find((m) => m.month === '2026-02')!;
    expect(february).toMatchObject({ recruitments: 2, departures: 0, heads: startHeads + 2 });
    expect(t.months.find((m) => m.month === '2026-03')).toMatchObject({ recruitments: 0, departures: 1, heads: startHeads + 1 });
    expect(t.recruitments).toBe(3);
    expect(t.departures).toBe(1);
    expect(t.months.at(-1)!.on).toBe('2026-11-25');
    expect(t.targets).toEqual([{ targetOn: '2026-12-31', heads: 6, gap: 6 - nowHeads, monthlyNetNeeded: 6 - nowHeads }]);
  });
});

describe('bad input', () => {
  it('names the field and saves nothing: departure before arrival, unknown agent, unknown category, bad dates', async () => {
    const tenant = await newTenant();
    const { id } = await createAgent(ctx(tenant), {
      staffNumber: 'B1',
      familyName: 'Fictif',
      givenName: 'Un',
      effectiveOn: '2024-03-01',
      category: 'apm',
    });
    expect(
      await refusal(() => recordMovement(ctx(tenant), { agentId: id, kind: 'departure', effectiveOn: '2024-02-01' })),
    ).toEqual({
      effectiveOn: 'départ le 2024-02-01 : avant l’arrivée de l’agent ou hors de ses périodes de présence',
    });
    expect(
      await refusal(() =>
        recordMovement(ctx(tenant), {
          agentId: '00000000-0000-4000-8000-000000000000',
          kind: 'departure',
          effectiveOn: '2025-01-01',
        }),
      ),
    ).toEqual({
      agentId: 'agent inconnu',
    });
    expect(
      await refusal(() =>
        createAgent(ctx(tenant), {
          staffNumber: 'B1',
          familyName: '',
          givenName: 'Deux',
          effectiveOn: '2024-02-30',
          category: 'policier',
          ftePercent: '120',
        }),
      ),
    ).toEqual({
      staffNumber: 'le matricule B1 est déjà utilisé',
      familyName: 'à remplir',
      effectiveOn: 'une date (AAAA-MM-JJ)',
      category: expect.stringContaining('choisissez parmi'),
      ftePercent: 'un nombre entier de 1 à 100',
    });
    expect(
      await refusal(() =>
        recordMovement(ctx(tenant), { agentId: id, kind: 'arrival', effectiveOn: '2025-01-01', category: 'apm' }),
      ),
    ).toHaveProperty('effectiveOn', expect.stringContaining('déjà dans les effectifs'));
    expect(await count(tenant, 'police_agents')).toBe(1);
    expect(await count(tenant, 'police_movements')).toBe(1);
  });
});
