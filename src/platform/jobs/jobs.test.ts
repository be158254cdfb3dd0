import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/helpers/test-database.js';
import type { Database } from '../../db/database.js';
import { ManualClock } from '../clock/clock.js';
import { createLogger } from '../logging/logger.js';
import { defineJob, slotOf } from './job.js';
import { pruneJobRuns } from './prune-job-runs.js';
import { runJob } from './run-job.js';
import { tick } from './scheduler.js';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

describe('jobs', () => {
  it('runs a slot once however many instances claim it at the same time', async () => {
    let runs = 0;
    const job = defineJob({
      name: `count-${Math.random()}`,
      description: 'counts its runs',
      everyMinutes: 60,
      async run() {
        runs++;
        return 'counted';
      },
    });
    const clock = new ManualClock(new Date('2026-11-25T22:10:00Z'));
    const slot = slotOf(job, clock.now());
    expect(slot).toBe('2026-11-25T22:00:00.000Z');
    const outcomes = await Promise.all([1, 2, 3].map(() => runJob({ database, clock }, job, slot)));
    expect(runs).toBe(1);
    expect(outcomes.filter((o) => o.ran)).toHaveLength(1);
    clock.advance(60 * 60_000);
    await runJob({ database, clock }, job, slotOf(job, clock.now()));
    expect(runs).toBe(2);
  });

  it('records a failed run with its reason, without throwing', async () => {
    const job = defineJob({
      name: `fail-${Math.random()}`,
      description: 'fails',
      everyMinutes: 5,
      async run() {
        throw new Error('no luck');
      },
    });
    const clock = new ManualClock(new Date('2026-11-25T22:10:00Z'));
    expect(await runJob({ database, clock }, job, 'manual:1')).toEqual({ ran: true, outcome: 'failed', summary: 'no luck' });
    const row = await database.db.selectFrom('job_runs').selectAll().where('job', '=', job.name).executeTakeFirstOrThrow();
    expect(row.outcome).toBe('failed');
    expect(row.finished_at).not.toBeNull();
  });

  it('prunes run records older than 90 days, by the clock', async () => {
    const clock = new ManualClock(new Date('2026-11-25T22:10:00Z'));
    await database.db
      .insertInto('job_runs')
      .values([
        {
          job: 'old',
          slot: 'a',
          started_at: new Date('2026-08-01T00:00:00Z'),
          finished_at: null,
          outcome: 'done',
          summary: null,
        },
        {
          job: 'recent',
          slot: 'a',
          started_at: new Date('2026-11-01T00:00:00Z'),
          finished_at: null,
          outcome: 'done',
          summary: null,
        },
      ])
      .execute();
    const result = await runJob({ database, clock }, pruneJobRuns, 'manual:prune');
    expect(result).toMatchObject({ ran: true, outcome: 'done', summary: '1 old runs deleted' });
    const left = await database.db.selectFrom('job_runs').select('job').where('job', 'in', ['old', 'recent']).execute();
    expect(left.map((r) => r.job)).toEqual(['recent']);
  });
});

describe('scheduler', () => {
  it('runs each job once per period as the clock moves, and not again within the period', async () => {
    const seen: string[] = [];
    const job = defineJob({
      name: `tick-${Math.random()}`,
      description: 'records when it ran',
      everyMinutes: 15,
      async run({ clock }) {
        seen.push(clock.now().toISOString());
        return 'ok';
      },
    });
    const clock = new ManualClock(new Date('2026-11-25T22:01:00Z'));
    const deps = { database, clock, logger: createLogger('silent') };
    await tick(deps, [job]);
    clock.advance(5 * 60_000);
    await tick(deps, [job]);
    clock.advance(10 * 60_000);
    await tick(deps, [job]);
    expect(seen).toEqual(['2026-11-25T22:01:00.000Z', '2026-11-25T22:16:00.000Z']);
  });
});
