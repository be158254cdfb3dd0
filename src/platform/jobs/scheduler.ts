import type { AppDeps } from '../deps.js';
import { type Job, type JobDeps, slotOf } from './job.js';
import { runJob } from './run-job.js';

/** Checks every job each tick and runs those whose current slot has not run yet (on any instance). */
export async function tick(deps: JobDeps & Pick<AppDeps, 'logger'>, jobs: Job[]): Promise<void> {
  for (const job of jobs) {
    try {
      const result = await runJob(deps, job, slotOf(job, deps.clock.now()));
      if (result.ran) deps.logger.info({ job: job.name, outcome: result.outcome, summary: result.summary }, 'job ran');
    } catch (error) {
      deps.logger.warn({ job: job.name, err: error }, 'job could not be claimed');
    }
  }
}

export function startScheduler(deps: JobDeps & Pick<AppDeps, 'logger'>, jobs: Job[], everyMs = 60_000) {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    running ??= tick(deps, jobs).finally(() => {
      running = undefined;
    });
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
