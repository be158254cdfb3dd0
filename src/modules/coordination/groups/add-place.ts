import { sql } from 'kysely';
import { can } from '../../../platform/access/actor.js';
import { defineOperation } from '../../../platform/access/operation.js';
import { AppError } from '../../../platform/errors.js';
import { policeEntryPoint } from '../../police/main-courante/entries-near.js';
import { localMoment } from '../../prevention/orders/order-time.js';
import { reportInReach } from '../../reports/report-access.js';
import { reportPoint } from '../../reports/reports-near.js';
import { isUuid, requireMembership, requireOpen } from './group-access.js';
import { decimal, Problems } from './group-input.js';
import { type PlaceOrigin, placeOrigins } from './tables.js';

export interface PlaceInput {
  groupId: string;
  name: string;
  origin: string;
  lat?: string;
  lon?: string;
  reportId?: string;
  policeEntryId?: string;
  radiusM?: string;
  openedOn?: string;
}

/**
 * A place of concern the group follows: a point typed by a member, or the point of a report the member can
 * reach (reports' own access rules), or of a main courante entry (a police member, in a group sharing police
 * data). Never from mediation: the places mediators go to are not a source (it would endanger them).
 */
export const addPlace = defineOperation({
  name: 'coordination.add-group-place',
  permission: 'coordination.groups',
  async run({ tx, tenant, clock, actor, audit }, input: PlaceInput) {
    const group = await requireMembership(tx, actor, input.groupId);
    requireOpen(group);
    const problems = new Problems();
    const name = problems.text('name', input.name, 2, 120);
    const origin = input.origin as PlaceOrigin;
    let point: { lat: number; lon: number } | undefined;
    let reportId: string | null = null;
    let policeEntryId: string | null = null;
    if (!placeOrigins.includes(origin)) problems.add('origin', 'must be member, report or police', 'origine inconnue');
    else if (origin === 'member') {
      const lat = decimal(input.lat);
      const lon = decimal(input.lon);
      if ((input.lat ?? '').trim() === '' || !Number.isFinite(lat) || Math.abs(lat) > 90)
        problems.add('lat', 'must be a latitude from -90 to 90', 'latitude invalide');
      if ((input.lon ?? '').trim() === '' || !Number.isFinite(lon) || Math.abs(lon) > 180)
        problems.add('lon', 'must be a longitude from -180 to 180', 'longitude invalide');
      point = { lat, lon };
    } else if (origin === 'report') {
      reportId = (input.reportId ?? '').trim();
      try {
        await reportInReach(tx, actor, reportId);
        point = await reportPoint(tx, reportId);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
      }
      if (!point) problems.add('reportId', 'is not a report you can reach', 'signalement introuvable ou hors de votre accès');
    } else {
      policeEntryId = (input.policeEntryId ?? '').trim();
      const allowed = can(actor, 'police.log') && tenant.programmes.includes('police') && group.shares_police_data;
      point = allowed && isUuid(policeEntryId) ? await policeEntryPoint(tx, policeEntryId) : undefined;
      if (!point)
        problems.add(
          'policeEntryId',
          'is not a located main courante entry you can use here',
          'entrée de main courante introuvable, sans lieu, ou non partagée avec ce groupe',
        );
    }
    const radiusText = (input.radiusM ?? '').trim();
    const radiusM = radiusText === '' ? 100 : Number(radiusText);
    if (!/^\d{1,3}$/.test(radiusText || '100') || radiusM < 20 || radiusM > 500)
      problems.add('radiusM', 'must be a whole number of metres from 20 to 500', 'un nombre entier de mètres, de 20 à 500');
    const today = localMoment(clock.now(), tenant.time_zone).date;
    const openedOn = (input.openedOn ?? '').trim() === '' ? today : problems.date('openedOn', input.openedOn);
    if (openedOn && openedOn > today) problems.add('openedOn', 'must not be in the future', 'la date est dans le futur');
    problems.check();
    const { lat, lon } = point as { lat: number; lon: number };
    const row = await tx
      .insertInto('coordination_group_places')
      .values({
        tenant_id: tenant.id,
        group_id: group.id,
        name,
        geom: sql`ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)`,
        radius_m: radiusM,
        origin,
        report_id: reportId,
        police_entry_id: policeEntryId,
        opened_on: openedOn as string,
        created_by: actor.label,
        created_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({
      entityType: 'coordination-group-place',
      entityId: row.id,
      fields: ['group', 'name', 'geom', 'radius', 'origin', 'opened_on'],
    });
    return row;
  },
});
