import { declarationsOf, type ModuleDefinition } from '../../platform/modules/module-definition.js';
import { ssmsiPart } from './ssmsi/part.js';

/**
 * The observatory as the platform sees it: the official recorded-crime statistics (SSMSI, national reference data
 * shared by every tenant) with the local figures the State's police or gendarmerie share with the tenant, and —
 * in later parts — the platform's own figures and the CLSPD's annual report.
 */
export const observatoryModule: ModuleDefinition = {
  id: 'observatory',
  access: {
    permissions: [
      // The staff dashboard: official statistics, series, comparisons (public aggregates, nothing confidential).
      'observatory.view',
      // Import an SSMSI file (replaces the national edition for every tenant) and the local figures' CSV.
      'observatory.import',
      // The monthly figures shared by the State's police or gendarmerie under the coordination agreement.
      'observatory.confidential',
    ],
    grants: {
      admin: ['observatory.view', 'observatory.import', 'observatory.confidential'],
      coordinator: ['observatory.view', 'observatory.import', 'observatory.confidential'],
      analyst: ['observatory.view'],
      police_manager: ['observatory.view'],
      // Funding members see the official figures (published open data) that justify what they fund.
      funding_member: ['observatory.view'],
    },
  },
  ...declarationsOf([ssmsiPart]),
};
