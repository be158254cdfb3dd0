import type { ModuleDefinition } from '../../platform/modules/module-definition.js';
import { authorityOf } from './authority-of.js';
import { retiredFeedsRule } from './feed-retention.js';
import { nightStopsFigures } from './figures.js';

/** The night-stops module as the platform sees it: who may do what, what it processes. */
export const nightStopsModule: ModuleDefinition = {
  id: 'night-stops',
  publicPage: 'descente',
  runBy: authorityOf,
  access: {
    permissions: ['night-stops.manage', 'night-stops.log'],
    grants: {
      admin: ['night-stops.manage', 'night-stops.log'],
      coordinator: ['night-stops.manage', 'night-stops.log'],
      // The transport authority writes the rules (R3111-1) and reads how the service is used.
      transport_authority: ['night-stops.manage', 'night-stops.log'],
      transit_operator: ['night-stops.log'],
    },
  },
  processing: [
    {
      id: 'night-stop-rules',
      purpose: {
        fr: 'Dire aux voyageurs où et quand ils peuvent descendre entre deux arrêts la nuit, et mesurer l’usage du service',
        en: 'Tell riders where and when they may get off between two stops at night, and measure the service’s use',
      },
      legalBasis: { fr: 'Mission d’intérêt public (RGPD art. 6-1-e)', en: 'Public task (GDPR art. 6(1)(e))' },
      dataCategories: [
        {
          fr: 'Aucune donnée personnelle : la position du voyageur n’est pas conservée ; le journal de l’exploitant ne compte que des demandes, sans conducteur',
          en: 'No personal data: the rider’s position is not kept; the operator’s log counts requests only, without drivers',
        },
      ],
      dataSubjects: [],
      recipients: [{ fr: 'Autorité organisatrice, exploitant', en: 'Transport authority, operator' }],
      retention: {
        text: {
          fr: 'Journal : tant que le service existe ; anciennes versions du réseau : selon le délai choisi',
          en: 'Log: while the service runs; old feed versions: per the chosen delay',
        },
      },
      sensitive: false,
    },
  ],
  retention: [retiredFeedsRule],
  dataSubjects: [],
  figures: nightStopsFigures,
};
