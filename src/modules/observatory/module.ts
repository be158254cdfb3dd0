import { declarationsOf, type ModuleDefinition } from '../../platform/modules/module-definition.js';
import { dashboardPart } from './dashboard/part.js';

/**
 * The observatory as the platform sees it: official recorded-crime statistics (SSMSI) beside the platform's own
 * figures, the tenant's targets, its public dashboard and open data, and the CLSPD's annual report.
 */
export const observatoryModule: ModuleDefinition = {
  id: 'observatory',
  publicPage: 'observatoire',
  access: {
    permissions: [
      // The staff dashboard and the CLSPD report: official statistics, own figures, targets.
      'observatory.view',
      // Set targets and choose which figures the public dashboard and the open data show.
      'observatory.publish',
    ],
    grants: {
      admin: ['observatory.view', 'observatory.publish'],
      coordinator: ['observatory.view', 'observatory.publish'],
      analyst: ['observatory.view'],
      police_manager: ['observatory.view'],
    },
  },
  ...declarationsOf([dashboardPart]),
};
