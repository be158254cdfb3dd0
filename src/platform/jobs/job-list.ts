import { councilRemindersJob } from '../../modules/coordination/council/reminders-job.js';
import { agreementRenewalJob } from '../../modules/police/workforce/agreements.js';
import { hoursReminderJob } from '../../modules/safe-places/hours-reminder-job.js';
import { retentionJob } from '../privacy/retention-job.js';
import type { Job } from './job.js';
import { pruneJobRuns } from './prune-job-runs.js';

/** Every job of the platform and its modules, declared once here. */
export const jobs: Job[] = [pruneJobRuns, retentionJob, hoursReminderJob, agreementRenewalJob, councilRemindersJob];

export const findJob = (name: string): Job | undefined => jobs.find((job) => job.name === name);
