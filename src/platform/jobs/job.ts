import type { AppDeps } from '../deps.js';

/**
 * A job is declared once: a name, a period, and what it does. The scheduler
 * runs it once per period slot; `quietude jobs run <name>` runs it now.
 */
export interface Job {
  name: string;
  description: string;
  /** Period in minutes; a slot is [k·period, (k+1)·period) since the epoch, in UTC. */
  everyMinutes: number;
  /** Returns a one-line summary with counts only (it is stored and logged). */
  run(deps: JobDeps): Promise<string>;
}

/** What a job works with; the mailer is there for reminders (optional so that tests of other jobs need none). */
export type JobDeps = Pick<AppDeps, 'database' | 'clock'> & Partial<Pick<AppDeps, 'mailer' | 'config'>>;

export const defineJob = (job: Job): Job => job;

/** The slot a time falls in, named by its start (ISO, UTC). */
export function slotOf(job: Job, at: Date): string {
  const period = job.everyMinutes * 60_000;
  return new Date(Math.floor(at.getTime() / period) * period).toISOString();
}
