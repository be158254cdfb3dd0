import { type ExpressionBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { DataSubject, ModuleDefinition } from '../../platform/modules/module-definition.js';
import { reportsFigures } from './figures.js';

const closedBefore = (before: Date) => sql<boolean>`closed_at IS NOT NULL AND closed_at < ${before}`;

/** What erasing a reporter's contact writes (the purge and a data-subject request alike). */
const contactErased = {
  contact_name: null,
  contact_email: null,
  contact_phone: null,
  notify_reporter: false,
  contact_erased_at: sql<Date>`now()`,
};

/** The reports whose contact is this person's: the same e-mail (any case) or phone (any spacing). */
const contactIs = (who: DataSubject) => (eb: ExpressionBuilder<DB, 'reports'>) =>
  eb.or([
    ...(who.email ? [eb(sql`lower(contact_email)`, '=', who.email.toLowerCase())] : []),
    ...(who.phone ? [eb(sql`regexp_replace(contact_phone, '[^0-9+]', '', 'g')`, '=', who.phone.replace(/[^0-9+]/g, ''))] : []),
  ]);

/** The reports module as the platform sees it: who may do what, what it processes, what it purges. */
export const reportsModule: ModuleDefinition = {
  id: 'reports',
  publicPage: 'signaler',
  access: {
    permissions: ['reports.manage', 'reports.handle', 'reports.intake'],
    grants: {
      admin: ['reports.manage', 'reports.intake'],
      coordinator: ['reports.manage', 'reports.intake'],
      // Organisations see what is routed to them (scoped by their membership's organisation).
      partner_organisation: ['reports.handle', 'reports.intake'],
      police_manager: ['reports.handle', 'reports.intake'],
      police_supervisor: ['reports.handle', 'reports.intake'],
      police_agent: ['reports.handle', 'reports.intake'],
      mediation_manager: ['reports.handle'],
      transit_operator: ['reports.handle'],
    },
  },
  processing: [
    {
      id: 'reports',
      purpose: {
        fr: 'Recevoir les signalements des habitants et les transmettre au partenaire qui peut agir',
        en: 'Receive residents’ reports and pass them to the partner who can act',
      },
      legalBasis: { fr: 'Mission d’intérêt public (RGPD art. 6-1-e)', en: 'Public task (GDPR art. 6(1)(e))' },
      dataCategories: [
        { fr: 'Description et lieu des faits, photos (sans métadonnées)', en: 'Description and place, photos (no metadata)' },
        { fr: 'Coordonnées facultatives de la personne qui signale', en: 'Optional contact of the reporter' },
      ],
      dataSubjects: [
        { fr: 'Personnes qui signalent (victimes ou témoins)', en: 'Reporters (victims or witnesses)' },
        { fr: 'Personnes mentionnées dans les signalements', en: 'People mentioned in reports' },
      ],
      recipients: [
        {
          fr: 'L’organisation qui traite le signalement (seule à voir les coordonnées) ; le coordinateur',
          en: 'The handling organisation (alone to see the contact); the coordinator',
        },
      ],
      retention: { rule: 'reports' },
      // Acts against LGBTI+ people, sexist offences, drug trafficking: offences data (art. 10), some revealing orientation.
      sensitive: true,
    },
  ],
  retention: [
    {
      id: 'report-contacts',
      label: {
        fr: 'Coordonnées de la personne qui signale, après la clôture',
        en: 'The reporter’s contact, after the report is closed',
      },
      defaultDays: 90,
      minDays: 30,
      maxDays: 365,
      async purge(tx, tenantId, before) {
        const result = await tx
          .updateTable('reports')
          .set(contactErased)
          .where('tenant_id', '=', tenantId)
          .where(closedBefore(before))
          .where((eb) =>
            eb.or([eb('contact_name', 'is not', null), eb('contact_email', 'is not', null), eb('contact_phone', 'is not', null)]),
          )
          .executeTakeFirst();
        return Number(result.numUpdatedRows);
      },
    },
    {
      id: 'report-precise-points',
      label: {
        fr: 'Position précise des signalements privés clos (arrondie à environ 200 m)',
        en: 'Precise position of closed private reports (rounded to about 200 m)',
      },
      defaultDays: 365,
      minDays: 90,
      maxDays: 730,
      async purge(tx, tenantId, before) {
        const result = await tx
          .updateTable('reports')
          .set({ geom: sql`ST_SnapToGrid(geom, 0.002)`, address: null })
          .where('tenant_id', '=', tenantId)
          .where(closedBefore(before))
          .where(sql<boolean>`NOT ST_Equals(geom, ST_SnapToGrid(geom, 0.002))`)
          .where('category_id', 'in', (eb) => eb.selectFrom('report_categories').select('id').where('visibility', '=', 'private'))
          .executeTakeFirst();
        return Number(result.numUpdatedRows);
      },
    },
    {
      id: 'reports',
      label: {
        fr: 'Signalements clos, avec leurs photos et leur historique',
        en: 'Closed reports, with their photos and history',
      },
      defaultDays: 1095,
      minDays: 365,
      maxDays: 3650,
      async purge(tx, tenantId, before) {
        const old = tx.selectFrom('reports').select('id').where('tenant_id', '=', tenantId).where(closedBefore(before));
        await tx.updateTable('reports').set({ duplicate_of: null }).where('duplicate_of', 'in', old).execute();
        const result = await tx
          .deleteFrom('reports')
          .where('tenant_id', '=', tenantId)
          .where(closedBefore(before))
          .executeTakeFirst();
        return Number(result.numDeletedRows);
      },
    },
  ],
  dataSubjects: [
    {
      id: 'reporters',
      label: { fr: 'Signalements envoyés', en: 'Reports sent' },
      async find(tx, who, tenantId) {
        if (!who.email && !who.phone) return [];
        return tx
          .selectFrom('reports')
          .select(['id', 'created_at', 'status', 'description', 'contact_name', 'contact_email', 'contact_phone'])
          .where('tenant_id', '=', tenantId)
          .where(contactIs(who))
          .execute();
      },
      async erase(tx, who, tenantId) {
        if (!who.email && !who.phone) return 0;
        const result = await tx
          .updateTable('reports')
          .set(contactErased)
          .where('tenant_id', '=', tenantId)
          .where(contactIs(who))
          .executeTakeFirst();
        return Number(result.numUpdatedRows);
      },
    },
  ],
  figures: reportsFigures,
};
