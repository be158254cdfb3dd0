import type { ModulePart } from '../../../platform/modules/module-definition.js';
import { registerCalendarFeed } from './calendar-feeds.js';
import { registerCalendarPage } from './calendar-page.js';
import { registerEvaluationPages } from './evaluation-pages.js';
import { evaluationCommentsRetention } from './evaluation-retention.js';
import { registerSessionExports } from './session-exports.js';
import { registerSessionPage } from './session-page.js';
import { registerSessionPages } from './staff-page.js';

/** What the sessions part brings to the prevention module: its register entries, purge rules and routes. */
export const sessionsPart: ModulePart = {
  // Sessions count people reached, name schools, associations and offices (« médiateurs », « police
  // municipale »), never a participant. Participants' evaluations are anonymous, but their optional free text
  // could name someone or tell something personal despite the form's warning: it is declared, kept a year.
  processing: [
    {
      id: 'prevention-evaluations',
      purpose: {
        fr: 'Recueillir l’avis anonyme des participants aux séances de prévention, pour améliorer les séances et en rendre compte',
        en: 'Collect the anonymous opinion of the participants in prevention sessions, to improve the sessions and report on them',
      },
      legalBasis: { fr: 'Mission d’intérêt public (RGPD art. 6-1-e)', en: 'Public task (GDPR art. 6(1)(e))' },
      dataCategories: [
        {
          fr: 'Réponses sur une échelle à quatre questions, sans nom, sans adresse IP, sans heure de réponse',
          en: 'Answers on a scale to four questions, with no name, no IP address, no time of answer',
        },
        {
          fr: 'Un commentaire libre facultatif (500 caractères) : le formulaire demande de ne nommer personne, mais il peut contenir des données personnelles, y compris sensibles',
          en: 'An optional free comment (500 characters): the form asks not to name anyone, but it may hold personal data, sensitive data included',
        },
      ],
      dataSubjects: [
        { fr: 'Participants aux séances (non identifiés)', en: 'Participants in the sessions (not identified)' },
        { fr: 'Personnes qu’un commentaire nommerait', en: 'People a comment would name' },
      ],
      recipients: [
        {
          fr: 'Les résultats, à partir de 5 réponses par valeur (secret statistique) : les agents ayant accès aux séances. Les commentaires, à partir de 5 réponses : l’intervenant·e qui a ouvert l’évaluation et les responsables des programmes (chaque lecture est tracée)',
          en: 'Results, from 5 answers per value (statistical confidentiality): staff with access to the sessions. Comments, from 5 answers: the facilitator who opened the evaluation and the programme managers (each reading is logged)',
        },
      ],
      retention: { rule: evaluationCommentsRetention.id },
      sensitive: false,
    },
  ],
  retention: [evaluationCommentsRetention],
  dataSubjects: [],
  register(app, deps) {
    registerSessionPages(app, deps);
    registerSessionExports(app, deps);
    registerSessionPage(app, deps);
    registerCalendarPage(app, deps);
    registerCalendarFeed(app, deps);
    registerEvaluationPages(app, deps);
  },
};
