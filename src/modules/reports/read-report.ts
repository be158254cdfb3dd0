import { sql } from 'kysely';
import { defineOperation } from '../../platform/access/operation.js';
import { mayReadContact, reportInReach } from './report-access.js';
import { nearbyOpenReports } from './report-queries.js';

/**
 * A report as the staff page shows it. The description and place are sensitive (offences, sometimes a
 * person's orientation): reading them is audited. The contact is not read here (see viewReportContact).
 */
export const readReport = defineOperation({
  name: 'reports.read-report',
  permission: 'platform.staff-home',
  async run({ tx, actor, audit }, input: { id: string }) {
    const scoped = await reportInReach(tx, actor, input.id);
    const report = await tx
      .selectFrom('reports as r')
      .innerJoin('report_categories as c', 'c.id', 'r.category_id')
      .leftJoin('territories as t', 't.id', 'r.territory_id')
      .leftJoin('organisations as o', 'o.id', 'r.organisation_id')
      .select([
        'r.id',
        'r.status',
        'r.status_reason',
        'r.description',
        'r.attributes',
        'r.address',
        'r.reporter_role',
        'r.source',
        'r.created_at',
        'r.closed_at',
        'r.duplicate_of',
        'r.published_description',
        'r.moderation',
        'r.notify_reporter',
        'r.organisation_id',
        'c.code as category_code',
        'c.name_fr as category_fr',
        'c.name_en as category_en',
        'c.attributes as category_attributes',
        't.name as territory',
        'o.name as organisation',
        sql<number>`ST_Y(r.geom)`.as('lat'),
        sql<number>`ST_X(r.geom)`.as('lon'),
        sql<boolean>`(r.contact_name IS NOT NULL OR r.contact_email IS NOT NULL OR r.contact_phone IS NOT NULL)`.as(
          'has_contact',
        ),
      ])
      .where('r.id', '=', scoped.id)
      .executeTakeFirstOrThrow();
    const photos = await tx
      .selectFrom('report_photos')
      .select(['id', 'width', 'height'])
      .where('report_id', '=', scoped.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const events = await tx
      .selectFrom('report_events')
      .select(['id', 'at', 'actor', 'kind', 'from_status', 'to_status', 'note', 'for_reporter'])
      .where('report_id', '=', scoped.id)
      .orderBy('at')
      // Within one operation (a merge closes the duplicate), the state change comes last.
      .orderBy(sql`kind = 'status'`)
      .orderBy('id')
      .execute();
    const nearby = await nearbyOpenReports(tx, actor, scoped.id);
    const contactVisible = report.has_contact && (await mayReadContact(tx, actor, scoped));
    audit({ entityType: 'report', entityId: scoped.id, fields: ['description', 'attributes', 'geom', 'address'] });
    return { report, photos, events, nearby, contactVisible };
  },
});

export type ReportView = Awaited<ReturnType<typeof readReport>>;
