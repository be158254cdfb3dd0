import type { ModuleDefinition } from '../../platform/modules/module-definition.js';
import { safePlacesFigures } from './figures.js';

/** The safe-places module as the platform sees it: who may do what, what it processes. */
export const safePlacesModule: ModuleDefinition = {
  id: 'safe-places',
  publicPage: 'angela',
  access: {
    permissions: ['safe-places.manage', 'safe-places.own-place', 'safe-places.transit-places'],
    grants: {
      admin: ['safe-places.manage'],
      coordinator: ['safe-places.manage'],
      partner_venue: ['safe-places.own-place'],
      transit_operator: ['safe-places.own-place', 'safe-places.transit-places'],
    },
  },
  processing: [
    {
      id: 'partner-venues',
      purpose: {
        fr: 'Animer le réseau des lieux sûrs « Où est Angela ? » et informer le public des lieux ouverts',
        en: 'Run the “Where is Angela?” safe-places network and tell the public which places are open',
      },
      legalBasis: { fr: 'Mission d’intérêt public (RGPD art. 6-1-e)', en: 'Public task (GDPR art. 6(1)(e))' },
      dataCategories: [
        {
          fr: 'Coordonnées professionnelles des lieux et de leurs référents',
          en: 'Business contact details of places and their referents',
        },
        { fr: 'Formations suivies', en: 'Trainings attended' },
      ],
      dataSubjects: [{ fr: 'Référents des lieux partenaires', en: 'Referents of partner places' }],
      recipients: [
        {
          fr: 'Coordinateur du dispositif ; le public pour les lieux actifs (sans les référents)',
          en: 'Scheme coordinator; the public for active places (without referents)',
        },
      ],
      retention: { text: { fr: 'Tant que le lieu est partenaire, puis 1 an', en: 'While the place is a partner, then 1 year' } },
      sensitive: false,
    },
  ],
  retention: [],
  dataSubjects: [],
  figures: safePlacesFigures,
};
