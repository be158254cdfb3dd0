import type { ModulePart } from '../../../platform/modules/module-definition.js';
import { registerCouncilApi } from './council-api.js';
import { registerCouncilPage } from './council-page.js';
import { registerFundingPages } from './funding-pages.js';
import { registerSessionPage } from './session-page.js';
import { registerSheetPage } from './sheet-page.js';
import { registerStrategyPage } from './strategy-page.js';
import { registerTasksPage } from './tasks-page.js';

/** The council part: members, sessions, decisions, the strategy and its action sheets, tasks, funding files. */
export const councilPart: ModulePart = {
  // Restricted sessions never hold a resident's name in a structured field: their minutes are free text written
  // by the coordination, readable only by those present (see session-page.tsx).
  processing: [
    {
      id: 'coordination-council',
      purpose: {
        fr: 'Fonctionnement du conseil local de sécurité et de prévention de la délinquance : membres, séances, comptes rendus, décisions, suivi des tâches et des financements',
        en: 'Running the local security and crime-prevention council: members, sessions, minutes, decisions, follow-up of tasks and funding',
      },
      legalBasis: {
        fr: 'Mission d’intérêt public (RGPD art. 6-1 e) : code de la sécurité intérieure, articles L132-4 et suivants (CLSPD)',
        en: 'Public task (GDPR art. 6(1)(e)): code de la sécurité intérieure, articles L132-4 and following (CLSPD)',
      },
      dataCategories: [
        { fr: 'Nom et fonction des membres du conseil', en: 'Names and functions of the council’s members' },
        { fr: 'Présence aux séances', en: 'Attendance at sessions' },
        {
          fr: 'Tâches confiées à un agent (intitulé, échéance, état)',
          en: 'Tasks given to a staff member (title, due date, state)',
        },
      ],
      dataSubjects: [
        { fr: 'Membres du conseil et leurs représentants', en: 'Council members and their representatives' },
        { fr: 'Agents de la collectivité et des partenaires', en: 'Staff of the local authority and its partners' },
      ],
      recipients: [{ fr: 'Coordination du CLSPD et membres du conseil', en: 'The CLSPD coordination and the council’s members' }],
      retention: {
        text: {
          fr: 'Le temps du mandat du membre et de la stratégie en cours, puis archivage selon les règles des archives publiques',
          en: 'While the member sits and the strategy runs, then archived under the public archives rules',
        },
      },
      sensitive: false,
    },
  ],
  retention: [],
  dataSubjects: [],
  register(app, deps) {
    registerCouncilPage(app, deps);
    registerSessionPage(app, deps);
    registerStrategyPage(app, deps);
    registerSheetPage(app, deps);
    registerTasksPage(app, deps);
    registerFundingPages(app, deps);
    registerCouncilApi(app, deps);
  },
};
