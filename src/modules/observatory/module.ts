import { declarationsOf, type ModuleDefinition } from '../../platform/modules/module-definition.js';
import { dashboardPart } from './dashboard/part.js';
import { observatoryAccess } from './observatory-access.js';
import { ssmsiPart } from './ssmsi/part.js';

/**
 * The observatory as the platform sees it: the official recorded-crime statistics (SSMSI, national reference data
 * shared by every tenant) with the local figures the State's police or gendarmerie share with the tenant, (part `ssmsi/`), and
 * the dashboards, targets, open data and the CLSPD's annual report (part `dashboard/`).
 */
export const observatoryModule: ModuleDefinition = {
  id: 'observatory',
  publicPage: 'observatoire',
  access: observatoryAccess,
  ...declarationsOf([ssmsiPart, dashboardPart]),
};
