import type { Job, JobDeps } from './job.js';

export type JobOutcome = { ran: false } | { ran: true; outcome: 'done' | 'failed'; summary: string };

/**
 * Runs a job for one slot, at most once whatever the number of instances: the
 * (job, slot) primary key of job_runs admits one claimant. Claiming is a short
 * transaction of its own, so no lock is held while the job works.
 */
export async function runJob(deps: JobDeps, job: Job, slot: string): Promise<JobOutcome> {
  const { db } = deps.database;
  const claimed = await db
    .insertInto('job_runs')
    .values({ job: job.name, slot, started_at: deps.clock.now(), finished_at: null, outcome: null, summary: null })
    .onConflict((oc) => oc.doNothing())
    .returning('job')
    .executeTakeFirst();
  if (!claimed) return { ran: false };
  let outcome: 'done' | 'failed' = 'done';
  let summary: string;
  try {
    summary = await job.run(deps);
  } catch (error) {
    outcome = 'failed';
    summary = (error as Error).message;
  }
  await db
    .updateTable('job_runs')
    .set({ finished_at: deps.clock.now(), outcome, summary })
    .where('job', '=', job.name)
    .where('slot', '=', slot)
    .execute();
  return { ran: true, outcome, summary };
}
