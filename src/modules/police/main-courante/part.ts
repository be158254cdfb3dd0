import type { ModulePart } from '../../../platform/modules/module-definition.js';
import { MAIN_COURANTE_DAYS, proposeElimination } from './elimination.js';
import { entryNumber } from './entry-writes.js';
import { registerMainCourante } from './register.js';

/** What the main-courante part brings to the police module: its register entries, purge rules and routes. */
export const mainCourantePart: ModulePart = {
  processing: [
    {
      id: 'police-main-courante',
      purpose: {
        fr: 'Tenir la main courante de la police municipale : consigner les interventions (police judiciaire et administrative), leurs suites, et répondre aux signalements des habitants',
        en: 'Keep the municipal police’s intervention log (judicial and administrative police), its follow-up, and answer residents’ reports',
      },
      legalBasis: {
        fr: 'Mission de police municipale (code de la sécurité intérieure, L511-1) ; pour la police judiciaire, traitement relevant de la directive (UE) 2016/680 (loi Informatique et Libertés, titre III) ; durée fixée par l’arrêté du 14 avril 2009',
        en: 'Municipal police task (code de la sécurité intérieure, L511-1); for judicial police, processing under Directive (EU) 2016/680 (French Data Protection Act, title III); period set by the order of 14 April 2009',
      },
      dataCategories: [
        {
          fr: 'Date, lieu, nature, code NATINF, constatations et suites des interventions',
          en: 'Date, place, nature, NATINF code, findings and follow-up of interventions',
        },
        {
          fr: 'Personnes concernées par rôle (appelant, victime, mis en cause, témoin) : nom, prénom, année de naissance, téléphone de l’appelant ou de la victime',
          en: 'People involved by role (caller, victim, suspect, witness): names, year of birth, phone of the caller or victim',
        },
        { fr: 'Agents intervenus et véhicules', en: 'Agents involved and vehicles' },
      ],
      dataSubjects: [
        { fr: 'Appelants, victimes, mis en cause et témoins', en: 'Callers, victims, suspects and witnesses' },
        { fr: 'Agents de police municipale', en: 'Municipal police agents' },
      ],
      recipients: [
        {
          fr: 'Agents et encadrants de police municipale seulement ; l’OPJ ou le procureur pour les transmissions ; hors police, des chiffres agrégés protégés',
          en: 'Municipal police agents and supervisors only; the OPJ or the prosecutor for what is passed on; outside the police, protected aggregate figures',
        },
      ],
      retention: { rule: 'police-main-courante' },
      // Offences and the people involved in them (art. 10 GDPR): an impact assessment is due.
      sensitive: true,
    },
  ],
  retention: [
    {
      id: 'police-main-courante',
      label: {
        fr: 'Entrées de main courante : après 3 ans, placées sur un bordereau d’élimination ; détruites au visa des Archives départementales',
        en: 'Main courante entries: after 3 years, put on an elimination list; destroyed once the departmental archives approve it',
      },
      defaultDays: MAIN_COURANTE_DAYS,
      // The 2009 order sets the period: a tenant may not shorten it.
      minDays: MAIN_COURANTE_DAYS,
      maxDays: MAIN_COURANTE_DAYS,
      purge: proposeElimination,
    },
  ],
  dataSubjects: [
    {
      id: 'police-main-courante-people',
      label: { fr: 'Main courante de la police municipale', en: 'Municipal police intervention log' },
      async find(tx, who, tenantId) {
        if (!who.phone) return [];
        const phone = who.phone.replace(/[^0-9+]/g, '');
        const rows = await tx
          .selectFrom('main_courante_people as p')
          .innerJoin('main_courante_entries as e', 'e.id', 'p.entry_id')
          .select(['e.year', 'e.number', 'e.called_at', 'p.role', 'p.family_name', 'p.given_name', 'p.birth_year', 'p.phone'])
          .where('p.tenant_id', '=', tenantId)
          .where((eb) => eb(eb.fn('regexp_replace', ['p.phone', eb.val('[^0-9+]'), eb.val(''), eb.val('g')]), '=', phone))
          .execute();
        return rows.map(({ year, number, ...rest }) => ({ entry: entryNumber(year, number), ...rest }));
      },
      keptBecause: {
        fr: 'Registre que la police municipale doit tenir 3 ans (arrêté du 14 avril 2009) : l’effacement ne s’applique pas (RGPD art. 17-3-b) ; une rectification passe par un amendement.',
        en: 'A register the municipal police must keep 3 years (order of 14 April 2009): erasure does not apply (GDPR art. 17(3)(b)); a correction is an amendment.',
      },
    },
  ],
  register: registerMainCourante,
};
