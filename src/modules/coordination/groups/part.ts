import type { ModulePart } from '../../../platform/modules/module-definition.js';
import { registerGroupPage } from './group-page.js';
import { registerGroupListPage } from './list-page.js';
import { registerMeetingPage } from './meeting-page.js';
import { registerPlacePage } from './place-page.js';

const text = (fr: string, en: string) => ({ fr, en });

/** The working groups part: members only, meetings, places of concern and the actions taken there. */
export const groupsPart: ModulePart = {
  processing: [
    {
      id: 'coordination-working-groups',
      purpose: text(
        'Groupes de travail restreints du CLSPD : échanger des informations confidentielles entre membres, suivre des lieux de préoccupation et les actions menées (art. L132-5 du code de la sécurité intérieure).',
        'The CLSPD’s restricted working groups: sharing confidential information between members, following places of concern and the actions taken there (art. L132-5 of the code de la sécurité intérieure).',
      ),
      legalBasis: text('Mission d’intérêt public (art. 6.1.e RGPD)', 'Public task (art. 6(1)(e) GDPR)'),
      dataCategories: [
        text('Membres : nom, rôle, dates d’appartenance', 'Members: name, role, membership dates'),
        text('Comptes rendus de réunion et suites (texte libre)', 'Meeting minutes and follow-ups (free text)'),
        text('Lieux (point, rayon) et nombres de signalements par mois', 'Places (point, radius) and counts of reports by month'),
      ],
      dataSubjects: [text('Membres des groupes (agents et partenaires)', 'Group members (staff and partners)')],
      recipients: [text('Les membres du groupe, et eux seuls', 'The group’s members, and them only')],
      retention: {
        text: text(
          'Le temps du groupe ; à sa clôture, archivé selon les règles des archives publiques.',
          'While the group runs; once closed, archived under public archives rules.',
        ),
      },
      // Minutes may mention offences (art. 10 GDPR): an impact assessment is due.
      sensitive: true,
    },
  ],
  retention: [],
  dataSubjects: [],
  register(app, deps) {
    registerGroupListPage(app, deps);
    registerGroupPage(app, deps);
    registerMeetingPage(app, deps);
    registerPlacePage(app, deps);
  },
};
