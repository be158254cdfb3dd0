import { type ExpressionBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { DataSubject, ModuleDefinition } from '../../platform/modules/module-definition.js';
import { mediationFigures } from './figures.js';

/** The parties whose contact is this person's: the same e-mail (any case) or phone (any spacing). */
const partyIs = (who: DataSubject) => (eb: ExpressionBuilder<DB, 'mediation_situation_parties'>) =>
  eb.or([
    ...(who.email ? [eb(sql`lower(email)`, '=', who.email.toLowerCase())] : []),
    ...(who.phone ? [eb(sql`regexp_replace(phone, '[^0-9+]', '', 'g')`, '=', who.phone.replace(/[^0-9+]/g, ''))] : []),
  ]);

/**
 * The mediation module as the platform sees it. Mediators record the field log of their teams; managers
 * see their teams' records and keep the partner directory; a funding member sees aggregates of what it
 * funds only (its membership is scoped to its organisation). Mediation data never feeds police views.
 */
export const mediationModule: ModuleDefinition = {
  id: 'mediation',
  access: {
    permissions: ['mediation.field', 'mediation.manage', 'mediation.funder'],
    grants: {
      admin: ['mediation.manage', 'mediation.funder'],
      mediation_manager: ['mediation.field', 'mediation.manage', 'mediation.funder'],
      mediator: ['mediation.field'],
      funding_member: ['mediation.funder'],
    },
  },
  processing: [
    {
      id: 'mediation-activity',
      purpose: {
        fr: 'Tenir le journal de terrain des médiateurs (tournées, rencontres, orientations) et en rendre compte aux membres du groupement',
        en: 'Keep the mediators’ field log (rounds, encounters, referrals) and report on it to the grouping’s members',
      },
      legalBasis: { fr: 'Mission d’intérêt public (RGPD art. 6-1-e)', en: 'Public task (GDPR art. 6(1)(e))' },
      dataCategories: [
        {
          fr: 'Aucun nom : nombre de personnes rencontrées, tranche d’âge et genre facultatifs, thèmes (jamais la santé), lieu et QPV',
          en: 'No names: number of people met, optional age band and gender, themes (never health), place and QPV',
        },
        { fr: 'Le médiateur qui a saisi (compte agent)', en: 'The mediator who recorded it (staff account)' },
      ],
      dataSubjects: [{ fr: 'Habitants rencontrés (non identifiés)', en: 'Residents met (not identified)' }],
      recipients: [
        {
          fr: 'L’équipe de médiation et ses responsables ; les membres financeurs en agrégats seulement',
          en: 'The mediation team and its managers; funding members as aggregates only',
        },
      ],
      retention: {
        text: {
          fr: 'Journal de terrain : tant que dure le programme (aucune donnée nominative)',
          en: 'Field log: while the programme runs (no named data)',
        },
      },
      sensitive: false,
    },
    {
      id: 'mediation-situations',
      purpose: {
        fr: 'Suivre une situation dans le temps (conflit de voisinage…) : courriers et rendez-vous avec les parties',
        en: 'Follow a situation over time (a neighbour dispute…): letters and appointments with the parties',
      },
      legalBasis: { fr: 'Mission d’intérêt public (RGPD art. 6-1-e)', en: 'Public task (GDPR art. 6(1)(e))' },
      dataCategories: [
        {
          fr: 'Nom, téléphone, adresse électronique et postale des parties',
          en: 'Name, phone, e-mail and postal address of the parties',
        },
        { fr: 'Étapes et issue de la médiation (sans récit)', en: 'Steps and outcome of the mediation (no account of facts)' },
      ],
      dataSubjects: [
        { fr: 'Parties d’une médiation (voisins, occupants…)', en: 'Parties to a mediation (neighbours, occupants…)' },
      ],
      recipients: [
        {
          fr: 'Les médiateurs de l’équipe qui suit la situation et leur responsable (chaque consultation est tracée) ; jamais la police',
          en: 'The mediators of the team following the situation and their manager (each view is logged); never the police',
        },
      ],
      retention: { rule: 'mediation-parties' },
      sensitive: false,
    },
  ],
  retention: [
    {
      id: 'mediation-parties',
      label: {
        fr: 'Noms et coordonnées des parties d’une situation, après le dernier contact',
        en: 'Names and contacts of a situation’s parties, after the last contact',
      },
      defaultDays: 365,
      minDays: 30,
      maxDays: 1095,
      async purge(tx, tenantId, before) {
        const day = before.toISOString().slice(0, 10);
        const result = await tx
          .deleteFrom('mediation_situation_parties')
          .where('tenant_id', '=', tenantId)
          .where('situation_id', 'in', (eb) =>
            eb
              .selectFrom('mediation_situations')
              .select('id')
              .where('tenant_id', '=', tenantId)
              .where('last_contact_on', '<', day),
          )
          .executeTakeFirst();
        return Number(result.numDeletedRows);
      },
    },
  ],
  dataSubjects: [
    {
      id: 'mediation-parties',
      label: { fr: 'Parties d’une médiation', en: 'Parties to a mediation' },
      async find(tx, who, tenantId) {
        if (!who.email && !who.phone) return [];
        return tx
          .selectFrom('mediation_situation_parties')
          .select(['situation_id', 'name', 'phone', 'email', 'address', 'created_at'])
          .where('tenant_id', '=', tenantId)
          .where(partyIs(who))
          .execute();
      },
      async erase(tx, who, tenantId) {
        if (!who.email && !who.phone) return 0;
        const result = await tx
          .deleteFrom('mediation_situation_parties')
          .where('tenant_id', '=', tenantId)
          .where(partyIs(who))
          .executeTakeFirst();
        return Number(result.numDeletedRows);
      },
    },
  ],
  figures: mediationFigures,
};
