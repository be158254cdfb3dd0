import type { ModulePart } from '../../../platform/modules/module-definition.js';
import { registerWorkforceApi } from './api-routes.js';
import { registerWorkforcePages } from './page-routes.js';
import { agentNamesRule, agentRecordsSource } from './retention.js';

/** What the workforce part brings to the police module: its register entries, purge rules and routes. */
export const workforcePart: ModulePart = {
  processing: [
    {
      id: 'police-workforce',
      purpose: {
        fr: 'Gestion des effectifs de la police municipale (mouvements datés, grades, unités), des obligations statutaires (agréments, assermentation, formations, armement, caméras-piétons) et des formations',
        en: 'Managing the municipal police workforce (dated movements, grades, units), statutory obligations (approvals, swearing-in, trainings, weapons, body-worn cameras) and trainings',
      },
      legalBasis: {
        fr: 'Obligation légale et mission d’intérêt public (RGPD art. 6-1 c et e) : code de la sécurité intérieure, livre V (agrément, armement, formation des agents de police municipale), statut de la fonction publique territoriale',
        en: 'Legal obligation and public task (GDPR art. 6(1)(c) and (e)): code de la sécurité intérieure, book V (approval, weapons, training of municipal police officers), the territorial civil service statute',
      },
      dataCategories: [
        { fr: 'Identité (matricule, nom, prénom)', en: 'Identity (staff number, family and given names)' },
        {
          fr: 'Carrière (catégorie, grade, unité, temps de travail, position, dates)',
          en: 'Career (category, grade, unit, working time, status, dates)',
        },
        {
          fr: 'Agréments, assermentation, formations, autorisations de port d’arme',
          en: 'Approvals, swearing-in, trainings, weapon carry authorisations',
        },
      ],
      dataSubjects: [
        { fr: 'Agents de la police municipale et des services rattachés', en: 'Municipal police agents and attached staff' },
      ],
      recipients: [
        {
          fr: 'La direction de la police municipale et l’administrateur de la commune ; les chiffres agrégés seulement pour la coordination',
          en: 'The municipal police management and the tenant’s administrator; aggregated figures only for the coordination',
        },
      ],
      // Names and staff numbers 5 years after the departure (rule police-agent-names); movements stay, pseudonymous.
      retention: { rule: agentNamesRule.id },
      sensitive: false,
    },
  ],
  retention: [agentNamesRule],
  dataSubjects: [agentRecordsSource],
  register(app, deps) {
    registerWorkforcePages(app, deps);
    registerWorkforceApi(app, deps);
  },
};
