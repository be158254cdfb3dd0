import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';
import { registerCategoryAdminPages } from './category-admin-pages.js';
import { registerReferralsPage } from './referrals-page.js';
import { registerStaffIntakePage } from './staff-intake-page.js';
import { registerStaffListPage } from './staff-list-page.js';
import { registerStaffReportPage } from './staff-report-page.js';

/** The staff screens: the list, a report's page and its actions, the intake of a report taken by phone. */
export function registerReportsStaff(app: FastifyInstance, deps: AppDeps) {
  registerStaffListPage(app, deps);
  registerStaffIntakePage(app, deps);
  registerCategoryAdminPages(app, deps);
  registerReferralsPage(app, deps);
  registerStaffReportPage(app, deps);
}
