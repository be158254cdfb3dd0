import { declarationsOf, type ModuleDefinition } from '../../platform/modules/module-definition.js';
import { dashboardPart } from './dashboard/part.js';
import { ssmsiPart } from './ssmsi/part.js';

/**
 * The observatory as the platform sees it: the official recorded-crime statistics (SSMSI, national reference data
 * shared by every tenant) with the local figures the State's police or gendarmerie share with the tenant, (part `ssmsi/`), and
 * the dashboards, targets, open data and the CLSPD's annual report (part `dashboard/`).
 */
export const observatoryModule: ModuleDefinition = {
  id: 'observatory',
  publicPage: 'observatoire',
  access: {
    permissions: [
      // The staff dashboard: official statistics, series, comparisons (public aggregates, nothing confidential).
      'observatory.view',
      // Import an SSMSI file (replaces the national edition for every tenant) and the local figures' CSV.
      'observatory.import',
      // The monthly figures shared by the State's police or gendarmerie under the coordination agreement.
      'observatory.confidential',
      // Set targets and choose which figures the public dashboard and the open data show.
      'observatory.publish',
    ],
    grants: {
      admin: ['observatory.view', 'observatory.import', 'observatory.confidential', 'observatory.publish'],
      coordinator: ['observatory.view', 'observatory.import', 'observatory.confidential', 'observatory.publish'],
      analyst: ['observatory.view'],
      police_manager: ['observatory.view'],
      // Funding members see the official figures (published open data) that justify what they fund.
      funding_member: ['observatory.view'],
    },
  },
  ...declarationsOf([ssmsiPart, dashboardPart]),
};
