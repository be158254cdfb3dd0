import { defineJob } from './job.js';

const KEEP_DAYS = 90;

/** The job ledger keeps 90 days of runs: enough to answer "did the purge run?", no more. */
export const pruneJobRuns = defineJob({
  name: 'prune-job-runs',
  description: `Deletes job run records older than ${KEEP_DAYS} days`,
  everyMinutes: 24 * 60,
  async run({ database, clock }) {
    const before = new Date(clock.now().getTime() - KEEP_DAYS * 86_400_000);
    const result = await database.db.deleteFrom('job_runs').where('started_at', '<', before).executeTakeFirst();
    return `${Number(result.numDeletedRows)} old runs deleted`;
  },
});
