import type { ModulePart } from '../../../platform/modules/module-definition.js';
import { registerClspdReport } from '../report/report-routes.js';
import { registerOpenData } from './open-data.js';
import { registerPublicDashboard } from './public-page.js';
import { registerStaffDashboard } from './staff-page.js';

/** The dashboards, targets, publication choices, open data and the CLSPD report. */
export const dashboardPart: ModulePart = {
  // Aggregated figures only (counts by year, targets the council set): no personal data is processed here.
  processing: [],
  retention: [],
  dataSubjects: [],
  register(app, deps) {
    registerStaffDashboard(app, deps);
    registerPublicDashboard(app, deps);
    registerOpenData(app, deps);
    registerClspdReport(app, deps);
  },
};
