import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import { readCompliance } from '../../police/workforce/training-compliance.js';
import { listCategories } from '../../reports/category-queries.js';
import { reportsByMonth } from '../../reports/reports-by-month.js';
import { lastMonths } from '../orders/collections-page.js';
import { localMoment } from '../orders/order-time.js';
import { schoolYearBounds, schoolYearOf } from '../sessions/school-year.js';
import { programmesProgress } from '../sessions/session-queries.js';
import type { CommitmentRow } from './commitment-queries.js';

/** The school year's figures of the programme a commitment names (the sessions part's `programmesProgress`). */
export interface SessionsEvidence {
  programme: string;
  schoolYear: string;
  sessions: number;
  planned: number;
  classes: number;
  reached: number;
  goalClasses: number | null;
  goalYoungPeople: number | null;
}

/** A police training module's figures today (the police module's `readCompliance`), or why there are none. */
export type PoliceEvidence =
  | { state: 'not-run' }
  | { state: 'unknown-module' }
  | { state: 'tracked'; module: string; trained: number; due: number; never: number };

export interface ReportsEvidence {
  code: string;
  category: { code: string; name: { fr: string; en: string } } | null;
  months: string[];
  counts: number[];
}

export interface LiveEvidence {
  sessions?: SessionsEvidence | 'unknown-programme';
  police?: PoliceEvidence;
  reports?: ReportsEvidence;
}

/**
 * What the platform itself shows of each commitment, computed now from the other parts and modules through
 * their exported reads: exact figures, for the staff page; the public page passes them through the
 * small-number helper. The police figures are read in their own transaction (`readCompliance` opens one):
 * never inside ours, since the embedded engine serves one transaction at a time.
 */
export async function readLiveEvidence(
  db: Kysely<DB>,
  tenant: Tenant,
  commitments: CommitmentRow[],
  now: Date,
): Promise<Map<string, LiveEvidence>> {
  const today = localMoment(now, tenant.time_zone).date;
  const schoolYear = schoolYearOf(today);
  const months = lastMonths(today);
  const wantsSessions = commitments.some((c) => c.programme_id);
  const categories = [...new Set(commitments.flatMap((c) => (c.report_category ? [c.report_category] : [])))];
  const { progress, counts, names } = await withTenant(db, tenant.id, async (tx) => {
    const { from, to } = schoolYearBounds(schoolYear, tenant.time_zone);
    const counts = new Map<string, Map<string, number>>();
    for (const code of categories) counts.set(code, await reportsByMonth(tx, code, `${months[0]}-01`, tenant.time_zone));
    return {
      progress: wantsSessions ? await programmesProgress(tx, schoolYear, from, to, now) : [],
      counts,
      names: categories.length ? await listCategories(tx, { publicOnly: false }) : [],
    };
  });
  const runsPolice = tenant.programmes.includes('police');
  const compliance =
    runsPolice && commitments.some((c) => c.police_training_module_id) ? await readCompliance(db, tenant, today, now) : [];
  const out = new Map<string, LiveEvidence>();
  for (const c of commitments) {
    const live: LiveEvidence = {};
    if (c.programme_id) {
      const p = progress.find((row) => row.id === c.programme_id);
      live.sessions = p
        ? {
            programme: p.title,
            schoolYear,
            sessions: p.sessions,
            planned: p.planned,
            classes: p.classes,
            reached: p.reached,
            goalClasses: p.goalClasses,
            goalYoungPeople: p.goalYoungPeople,
          }
        : 'unknown-programme';
    }
    if (c.kind === 'police_training' || c.police_training_module_id) {
      const m = compliance.find((row) => row.module.id === c.police_training_module_id);
      live.police = !runsPolice
        ? { state: 'not-run' }
        : m
          ? { state: 'tracked', module: m.module.title, ...m.totals }
          : { state: 'unknown-module' };
    }
    if (c.report_category) {
      const byMonth = counts.get(c.report_category) ?? new Map<string, number>();
      const category = names.find((n) => n.code === c.report_category);
      live.reports = {
        code: c.report_category,
        category: category ? { code: category.code, name: category.name } : null,
        months,
        counts: months.map((m) => byMonth.get(m) ?? 0),
      };
    }
    out.set(c.id, live);
  }
  return out;
}

/** The police training modules a commitment may point to (none when the tenant does not run the police module). */
export async function policeModuleChoices(db: Kysely<DB>, tenant: Tenant, now: Date) {
  if (!tenant.programmes.includes('police')) return [];
  const compliance = await readCompliance(db, tenant, localMoment(now, tenant.time_zone).date, now);
  return compliance.map((m) => ({ id: m.module.id, title: m.module.title }));
}
